# Synthetic printed text lines (training/synth.py).  Included by the top-level Makefile
# (which defines PY); runnable from the repo root.  data/ is git-ignored.
#   make data            eval sets (held-out fonts) + a small mixed sample set
#   make synth-examples  regenerate examples/*.png for the README
#   make font-packages   print the apt packages the font table expects

PY ?= .venv/bin/python
SYNTH = $(PY) -m training.synth
DATA_EVAL_N ?= 500
DATA_JOBS ?= 2
comma := ,
space := $(subst ,, )

.PHONY: data data-eval data-examples synth-examples font-packages

data: data-eval data-examples

data-eval: data/eval/clean/labels.tsv data/eval/noisy/labels.tsv data/eval/hard/labels.tsv \
	data/eval/scan/labels.tsv data/eval/accented/labels.tsv data/eval/hard-wide/labels.tsv

data/eval/clean/labels.tsv: training/synth.py training/fonts.py
	$(SYNTH) --out data/eval/clean --n $(DATA_EVAL_N) --seed 1001 --condition clean \
		--fonts heldout --jobs $(DATA_JOBS)

data/eval/noisy/labels.tsv: training/synth.py training/fonts.py
	$(SYNTH) --out data/eval/noisy --n $(DATA_EVAL_N) --seed 1002 --condition noisy \
		--fonts heldout --jobs $(DATA_JOBS)

data/eval/hard/labels.tsv: training/synth.py training/fonts.py
	$(SYNTH) --out data/eval/hard --n $(DATA_EVAL_N) --seed 1003 --condition hard \
		--fonts heldout --jobs $(DATA_JOBS)

data/eval/scan/labels.tsv: training/synth.py training/fonts.py
	$(SYNTH) --out data/eval/scan --n $(DATA_EVAL_N) --seed 1004 --condition scan \
		--fonts heldout --jobs $(DATA_JOBS)

# issue 16: names, streets, companies, prices and dates of European locales, accents kept
data/eval/accented/labels.tsv: training/synth.py training/fonts.py training/realtext.py
	$(SYNTH) --out data/eval/accented --n $(DATA_EVAL_N) --seed 1005 --condition clean \
		--kinds address --fonts heldout --jobs $(DATA_JOBS)

# issue 16: the hard condition as training.synth.vary widens it (lower contrast, more
# noise, blur and rules), every kind of line, real text and accents included
data/eval/hard-wide/labels.tsv: training/synth.py training/fonts.py training/realtext.py
	$(SYNTH) --out data/eval/hard-wide --n $(DATA_EVAL_N) --seed 1006 --condition hard \
		--kinds $(subst $(space),$(comma),date word name iban code sentence text address) \
		--variety --fonts heldout --jobs $(DATA_JOBS)

# 60 lines of every condition and kind from training fonts, for eyeballing.
data-examples: data/examples/labels.tsv

data/examples/labels.tsv: training/synth.py training/fonts.py
	$(SYNTH) --out data/examples --n 60 --seed 7 --condition mixed --fonts train

synth-examples: training/make_examples.py training/synth.py training/fonts.py
	$(PY) -m training.make_examples --out examples

font-packages:
	@$(PY) -c "from training.fonts import FONT_PACKAGES, RECEIPT_FONT_PACKAGES; print(FONT_PACKAGES, RECEIPT_FONT_PACKAGES)"
