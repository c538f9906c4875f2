# ocrtools -- set-up, tests, data, training, evaluation, benchmark.
#   make demo    create .venv, install ocrtools, read the bundled examples
#   make test    the whole test suite
# Everything runs from the checkout; the venv lives in .venv/.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
export OMP_NUM_THREADS ?= 1
export MKL_NUM_THREADS ?= 1

.PHONY: install demo test lint fuzz train train-alphabet receipts-data cells-data report-data train-receipts train-cells train-report speech-data train-speech train-chars eval eval-pdf bench words clean help

help:
	@echo "make demo | test | lint | fuzz | data | train | eval | bench | train-emnist | eval-emnist"

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	# the distribution was called ocrtools before it became ocrtools-unix (the name
	# ocrtools on PyPI is another project): drop the old editable install
	if $(PIP) show -q ocrtools >/dev/null 2>&1; then $(PIP) uninstall -q -y ocrtools; fi
	$(PIP) install -q -e '.[dev]'
	touch $(STAMP)

# training needs torch (CPU build) and the data generator's text sources
$(VENV)/.train: $(STAMP)
	$(PIP) install -q 'torch==2.13.0' 'onnx>=1.15' 'faker>=20'
	touch $@

demo: install
	@echo "== ocr-read examples/ -j 2 --format tsv"
	@$(VENV)/bin/ocr-read examples/ -j 2 --format tsv
	@echo "== ocr-read examples/pages/report.png"
	@$(VENV)/bin/ocr-read examples/pages/report.png
	@echo "== ocr-boxes examples/date.png | ocr-classify | ocr-join"
	@$(VENV)/bin/ocr-boxes examples/date.png | $(VENV)/bin/ocr-classify | $(VENV)/bin/ocr-join
	@echo "== ocr-binarize examples/noisy_date.png | ocr-boxes - | ocr-crop | ocr-classify | ocr-join"
	@$(VENV)/bin/ocr-binarize examples/noisy_date.png | $(VENV)/bin/ocr-boxes - \
		| $(VENV)/bin/ocr-crop | $(VENV)/bin/ocr-classify | $(VENV)/bin/ocr-join
	@echo "== ocr-read --model emnist examples/handwritten/ --format tsv"
	@$(VENV)/bin/ocr-read --model emnist examples/handwritten/ --format tsv

test: install
	$(PY) -m pytest tests

lint: install
	$(VENV)/bin/ruff check ocrtools tests training
	$(VENV)/bin/mypy ocrtools

fuzz: install
	$(PY) -m tests.fuzz --cases 1000

# printed-text model: synthetic lines (training fonts) -> normalised lines -> CTC CNN -> ONNX
LINES ?= 60000
LINES_EPOCHS ?= 5
LINES_TUNE ?= 40000
B := build/lines
FIELDS := --kinds date,word,name,iban,code,sentence --no-variety
# Stages 1-6 (issue 4 on): the field kinds in printable ASCII. 5 epochs on 60,000 lines
# (seed 1); 1 epoch at a lower rate on 80,000 new lines (seeds 2, 3); 2 epochs on those
# and 80,000 more (seeds 4, 5); 1 epoch at a low rate on seeds 4-6, another on seeds 5-7,
# another on seeds 6-8.
# Stage 7 (issue 16): the alphabet of ocrtools/alphabet.py; starts from stage 6 (its
# convolutions, and each new letter from its ASCII base letter: training.lines.from_onnx),
# 2 epochs on 120,000 lines of every kind, real text and European addresses included,
# with training.synth.vary's degradations (seed 11), and the lines the layout step cuts
# from 600 synthetic pages (training.page_strips, seed 21). Checkpoints in build/lines/ (resume
# a stage with --resume build/lines/net<tag>-<epoch>.pt), the result in models/printed.onnx.
# All lines use the training font families (make font-packages lists their packages).
train: $(VENV)/.train
	$(PY) -m training.lines data --lines $(LINES) --seed 1 -j 2 $(FIELDS)
	$(PY) -m training.lines train --epochs $(LINES_EPOCHS) --width 24 --seed 1 \
		--out $(B)/base.onnx
	for seed in 2 3 4 5 6 7 8; do \
		$(PY) -m training.lines data --lines $(LINES_TUNE) --seed $$seed -j 2 $(FIELDS) \
			--out $(B)/train$$seed --val-lines 0 || exit 1; \
	done
	$(PY) -m training.lines train --epochs 1 --width 24 --seed 1 --lr 5e-4 --threads 2 \
		--resume $(B)/net-$(LINES_EPOCHS).pt --train-dir $(B)/train2,$(B)/train3 --tag ft \
		--out $(B)/ft.onnx
	$(PY) -m training.lines train --epochs 2 --width 24 --seed 3 --lr 1e-3 --threads 2 \
		--resume $(B)/netft-1.pt --tag s3 --out $(B)/s3.onnx \
		--train-dir $(B)/train2,$(B)/train3,$(B)/train4,$(B)/train5
	$(PY) -m training.lines train --epochs 1 --width 24 --seed 4 --lr 3e-4 --threads 2 \
		--resume $(B)/nets3-2.pt --tag s4 --out $(B)/s4.onnx \
		--train-dir $(B)/train4,$(B)/train5,$(B)/train6
	$(PY) -m training.lines train --epochs 1 --width 24 --seed 5 --lr 4e-4 --threads 2 \
		--resume $(B)/nets4-1.pt --tag s5 --out $(B)/s5.onnx \
		--train-dir $(B)/train5,$(B)/train6,$(B)/train7
	$(PY) -m training.lines train --epochs 1 --width 24 --seed 6 --lr 3e-4 --threads 2 \
		--resume $(B)/nets5-1.pt --tag s6 --out $(B)/s6.onnx \
		--train-dir $(B)/train6,$(B)/train7,$(B)/train8
	$(MAKE) train-alphabet INIT=$(B)/s6.onnx
	$(MAKE) train-receipts INIT8=models/printed.onnx
	$(MAKE) train-cells INIT9=models/printed.onnx
	$(MAKE) train-report INIT10=models/printed.onnx
	$(MAKE) train-speech INIT11=models/printed.onnx

# stage 7 alone, from the model given (e.g. INIT=models/printed.onnx of an ASCII release)
INIT ?= $(B)/s6.onnx
train-alphabet: $(VENV)/.train
	$(PY) -m training.lines data --lines 120000 --val-lines 1500 --seed 11 -j 2 \
		--out $(B)/t16 --val-out $(B)/val16
	OMP_NUM_THREADS=1 $(PY) -m training.page_strips --pages 600 --seed 21 -j 2 --out $(B)/p21
	$(PY) -m training.lines train --epochs 2 --width 24 --seed 11 --lr 1e-3 --threads 2 \
		--init $(INIT) --train-dir $(B)/t16,$(B)/p21 --val-dir $(B)/val16 --tag a16 \
		--out models/printed.onnx

# stage 8 (this session): receipts. A fine-tune of the shipped model (INIT8) on 40,000
# receipt lines (training.realtext.receipt_line in printer faces, some dot-matrix, some
# condensed: seed 31), 40,000 lines of every other kind (seed 32) and the lines the layout
# cuts from 250 synthetic pages (seed 34), one epoch at lr 3e-4; its weights are then
# averaged with INIT8's (WiSE-FT, RECEIPT_WEIGHT of the fine-tune), which keeps most of
# the receipts' gain and forgets less of the rest. Needs the printer faces of
# `make font-packages`. Run it once on the stage-7 model (make train does): it writes
# models/printed.onnx, which is also its default start.
INIT8 ?= models/printed.onnx
RECEIPT_WEIGHT ?= 0.35
# stage 8's data (stage 9 uses it too): receipt lines, lines of every other kind and the
# lines the layout cuts from synthetic pages; each made only where its chunks are missing
receipts-data: $(VENV)/.train
	$(PY) -m training.lines data --lines 40000 --val-lines 0 --seed 31 -j 2 --kinds receipt \
		--out $(B)/r31
	$(PY) -m training.lines data --lines 40000 --val-lines 1000 --seed 32 -j 2 \
		--out $(B)/t32 --val-out $(B)/val32
	OMP_NUM_THREADS=1 $(PY) -m training.page_strips --pages 250 --seed 34 -j 2 --out $(B)/p34

train-receipts: receipts-data
	$(PY) -m training.lines train --epochs 1 --width 24 --seed 33 --lr 3e-4 --threads 2 \
		--init $(INIT8) --train-dir $(B)/r31,$(B)/t32,$(B)/p34 --val-dir $(B)/val32 \
		--tag r33 --out $(B)/r33.onnx
	$(PY) -m training.lines average $(B)/netr33-1.pt --init $(INIT8) \
		--weight $(RECEIPT_WEIGHT) --stats-dir $(B)/r31,$(B)/t32,$(B)/p34 \
		--val-dir $(B)/val32 --out models/printed.onnx

# stage 9 (seventh session of 2026-12-06): tables' rules and lines that sit off the
# strip's middle. A fine-tune of the shipped model (INIT9) on 20,000 lines (seed 62) of
# which half have a table's vertical rule beside them and half of those with words one
# or two rules between their words (training.synth.cell_rules / inner_rules: the rules
# are no text), and the first 20,000 lines of stage 8's receipt, other and page-cut
# sets (r31, t32, p34: made again only where missing), each moved up to 2 rows either
# way (--jitter 2), one epoch at lr 3e-4 on one thread (28 min); its weights averaged
# with INIT9's at CELLS_WEIGHT of the fine-tune. Run it once on the stage-8 model (make
# train does): it writes models/printed.onnx, which is also its default start.
INIT9 ?= models/printed.onnx
CELLS_WEIGHT ?= 0.35
# stage 9's data (stages 10 and 11 use it too), made only where its chunks are missing
cells-data: receipts-data
	$(PY) -m training.lines data --lines 20000 --val-lines 0 --seed 62 -j 2 --cells 0.5 \
		--inner 0.5 --out $(B)/c62

train-cells: cells-data
	OMP_NUM_THREADS=1 $(PY) -m training.lines train --epochs 1 --width 24 --seed 62 \
		--lr 3e-4 --threads 1 --jitter 2 --limit 20000 --init $(INIT9) \
		--train-dir $(B)/c62,$(B)/t32,$(B)/r31,$(B)/p34 --val-dir $(B)/val32 --tag c62 \
		--out $(B)/c62.onnx
	$(PY) -m training.lines average $(B)/netc62-1.pt --init $(INIT9) \
		--weight $(CELLS_WEIGHT) --stats-dir $(B)/c62,$(B)/t32,$(B)/r31,$(B)/p34 \
		--val-dir $(B)/val32 --command "make train-cells" \
		--note "the first 20,000 lines of each, --jitter 2, lr 3e-4, seed 62" \
		--out models/printed.onnx

# stage 10 (eighth session of 2026-12-06): the small, tight print of reports and tables,
# whose thin marks the model dropped (`(ABBV.N)` -> `(ABBVN)`, `E (06/08/2016)` ->
# `E(06/08/2016)`). A fine-tune of the shipped model (INIT10) on 20,000 lines of
# training.realtext.report_line (companies with their tickers, ratings and dates, column
# headings, spaced dashes, abbreviations; seed 71, a third set small) and the first
# 16,000 lines of stage 8's and stage 9's sets (r31, t32, p34, c62: made again only where
# missing), each moved up to 2 rows (--jitter 2), one epoch at lr 3e-4 on two threads
# (16 min); its weights averaged with INIT10's at REPORT_WEIGHT of the fine-tune. Run it
# once on the stage-9 model (make train does): it writes models/printed.onnx, which is
# also its default start.
INIT10 ?= models/printed.onnx
REPORT_WEIGHT ?= 0.35
REPORT_SETS := $(B)/rp71,$(B)/t32,$(B)/r31,$(B)/p34,$(B)/c62
# stage 10's data (stage 11 uses it too), made only where its chunks are missing
report-data: cells-data
	$(PY) -m training.lines data --lines 20000 --val-lines 0 --seed 71 -j 2 --kinds report \
		--small 0.3 --out $(B)/rp71

train-report: report-data
	OMP_NUM_THREADS=2 $(PY) -m training.lines train --epochs 1 --width 24 --seed 71 \
		--lr 3e-4 --threads 2 --jitter 2 --limit 16000 --init $(INIT10) \
		--train-dir $(REPORT_SETS) --val-dir $(B)/val32 --tag rp71 --out $(B)/rp71.onnx
	$(PY) -m training.lines average $(B)/netrp71-1.pt --init $(INIT10) \
		--weight $(REPORT_WEIGHT) --stats-dir $(REPORT_SETS) --val-dir $(B)/val32 \
		--command "make train-report" \
		--note "report lines (seed 71) and the first 16,000 of r31, t32, p34, c62, --jitter 2, lr 3e-4, seed 71" \
		--out models/printed.onnx

# stage 11 (ninth session of 2026-12-06): receipts from a worn thermal head, whose dead
# elements leave thin white lines through every letter and whose ink fades (real
# receipts: `LOT 1851-A` read `(0T 351-A`), and the lone `I` of what people say, which
# the model had learned to drop with the rules between a table's cells (a deposition's
# `or not. I know` read `or not. know`). A fine-tune of the shipped model (INIT11) on
# the first 9,000 of 20,000 receipt lines of which 70% are printed so
# (training.synth.worn_thermal, seed 81), of 20,000 lines of
# training.realtext.speech_line (seed 91, a third with a rule in a word gap, a fifth
# small) and of the earlier stages' sets (c62 twice, so that the rules are not read
# again; rp71, t32, r31, p34: made again only where missing; --limit is per set: 72,000
# lines), each moved up to 2 rows (--jitter 2), one epoch at lr 3e-4 on two
# threads; its weights averaged with INIT11's at STAGE11_WEIGHT of the fine-tune. Run it
# once on the stage-10 model (make train does): it writes models/printed.onnx, which is
# also its default start.
INIT11 ?= models/printed.onnx
STAGE11_WEIGHT ?= 0.25
STAGE11_SETS := $(B)/sp91,$(B)/th81,$(B)/c62,$(B)/c62,$(B)/rp71,$(B)/t32,$(B)/r31,$(B)/p34
# stage 11's data, made only where its chunks are missing
speech-data: report-data
	$(PY) -m training.lines data --lines 20000 --val-lines 0 --seed 81 -j 2 --kinds receipt \
		--thermal 0.7 --out $(B)/th81
	$(PY) -m training.lines data --lines 20000 --val-lines 0 --seed 91 -j 2 --kinds speech \
		--inner 0.3 --small 0.2 --out $(B)/sp91

train-speech: speech-data
	OMP_NUM_THREADS=2 $(PY) -m training.lines train --epochs 1 --width 24 --seed 91 \
		--lr 3e-4 --threads 2 --jitter 2 --limit 9000 --init $(INIT11) \
		--train-dir $(STAGE11_SETS) --val-dir $(B)/val32 --tag sp91 --out $(B)/sp91.onnx
	$(PY) -m training.lines average $(B)/netsp91-1.pt --init $(INIT11) \
		--weight $(STAGE11_WEIGHT) --stats-dir $(STAGE11_SETS) --val-dir $(B)/val32 \
		--command "make train-speech" \
		--note "worn thermal receipts (seed 81), speech lines (seed 91) and the first 9,000 of c62 (twice), rp71, t32, r31, p34, --jitter 2, lr 3e-4, seed 91" \
		--out models/printed.onnx

# the character classifier of the lattice path (--model chars)
CHARS_LINES ?= 16000
CHARS_EPOCHS ?= 5
train-chars: $(VENV)/.train
	$(PY) -m training.printed data --lines $(CHARS_LINES) --seed 1
	$(PY) -m training.printed train --epochs $(CHARS_EPOCHS) --seed 1 --threads 1 --name chars

eval: $(VENV)/.train data-eval
	$(PY) -m training.evaluate --sets data/eval --jobs 2

bench: $(VENV)/.train data-eval
	$(PY) -m training.bench

# real PDF renders (Debian's libtasn1-doc and shared-mime-info PDFs), beside Tesseract
eval-pdf: $(VENV)/.train
	$(PY) -m training.eval_pdf

# the word list ocr-join mends misread words from (ocrtools/lexicon.py): Debian wamerican
words: install
	$(PY) -m training.wordlist

clean:
	rm -rf build data .pytest_cache .mypy_cache .ruff_cache

include mk/*.mk
