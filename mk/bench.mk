# Benchmark helpers (issue 7).  Included by the top-level Makefile, whose `bench` target
# runs $(PY) -m training.bench; this file adds the RapidOCR comparison venv to it.
#   make bench-venv   .bench-venv/ with rapidocr-onnxruntime, for the RapidOCR row only
#   make profile      per-stage time of ocr-read's chain over 200 lines
# RapidOCR is never installed into .venv and is no dependency of ocrtools.  Without
# network the venv is not made, and training.bench skips the RapidOCR row with a note.

BENCH_VENV := .bench-venv
BENCH_PYTHON ?= python3
RAPIDOCR_PACKAGE ?= rapidocr-onnxruntime==1.4.4

.PHONY: bench-venv profile

bench-venv: $(BENCH_VENV)/.installed

$(BENCH_VENV)/.installed:
	@$(BENCH_PYTHON) -m venv $(BENCH_VENV) \
		&& $(BENCH_VENV)/bin/pip install -q --timeout 30 --retries 1 $(RAPIDOCR_PACKAGE) \
		&& touch $@ \
		|| echo "bench-venv: could not install $(RAPIDOCR_PACKAGE); the RapidOCR row will be skipped"

bench: bench-venv

profile: install
	$(PY) -m training.bench --profile
