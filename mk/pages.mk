# Synthetic pages and the page evaluation (whole-page reading).  Included by the top-level
# Makefile (which defines PY, PIP, VENV, STAMP); runnable from the repo root.
#   make data-pages   data/pages/eval (held-out fonts, seed 2001) and data/pages/tune
#                     (training fonts, seed 2002): 40 pages each, 10 of every kind
#                     (scan, screen, receipt, photo), PNG + JSON GT + gt.txt; and
#                     data/pages/curl (held-out fonts, seed 2004): 40 scans and photos
#                     of curled pages (lines sagging by up to 2% of the page's height)
#   make eval-pages   ocrtools vs Tesseract vs RapidOCR on those pages and on the real
#                     dev pages (../shared/data/real-dev/pages, skipped when absent);
#                     the curled pages apart (build/eval-pages/curl/report.md)
#   make eval-fresh   pages of a seed no step was tuned on (FRESH_SEED, default 2006:
#                     40 pages, every kind, held-out fonts), made into build/ and read
#                     by ocrtools and Tesseract: how the reader generalises
# training.pages needs faker (the text source of training.synth), not torch.

PY ?= .venv/bin/python
PAGES = $(PY) -m training.pages
PAGES_N ?= 40
PAGES_JOBS ?= 2
PAGES_SRC = training/pages.py training/synth.py training/fonts.py

.PHONY: data-pages eval-pages eval-fresh

$(VENV)/.pages: $(STAMP)
	$(PIP) install -q 'faker>=20'
	touch $@

data-pages: data/pages/eval/index.tsv data/pages/tune/index.tsv data/pages/curl/index.tsv

data/pages/eval/index.tsv: $(PAGES_SRC) | $(VENV)/.pages
	rm -rf data/pages/eval
	$(PAGES) --out data/pages/eval --n $(PAGES_N) --seed 2001 --fonts heldout \
		--jobs $(PAGES_JOBS)

data/pages/tune/index.tsv: $(PAGES_SRC) | $(VENV)/.pages
	rm -rf data/pages/tune
	$(PAGES) --out data/pages/tune --n $(PAGES_N) --seed 2002 --fonts train \
		--jobs $(PAGES_JOBS)

data/pages/curl/index.tsv: $(PAGES_SRC) | $(VENV)/.pages
	rm -rf data/pages/curl
	$(PAGES) --out data/pages/curl --n $(PAGES_N) --seed 2004 --fonts heldout \
		--kinds scan,photo --curl 0.02 --jobs $(PAGES_JOBS)

eval-pages: install data-pages bench-venv
	$(PY) -m training.eval_pages
	$(PY) -m training.eval_pages --sets synthetic --synthetic-dir data/pages/curl \
		--out build/eval-pages/curl

FRESH_SEED ?= 2006
eval-fresh: install | $(VENV)/.pages
	rm -rf build/pages-fresh-$(FRESH_SEED)
	$(PAGES) --out build/pages-fresh-$(FRESH_SEED) --n $(PAGES_N) --seed $(FRESH_SEED) \
		--fonts heldout --jobs $(PAGES_JOBS)
	$(PY) -m training.eval_pages --sets synthetic --tools ocrtools,tesseract \
		--synthetic-dir build/pages-fresh-$(FRESH_SEED) --out build/eval-fresh-$(FRESH_SEED)
