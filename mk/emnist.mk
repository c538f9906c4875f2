# EMNIST handwritten characters (issue 5).  Only these targets read the data set.
# Included by the top-level Makefile (which defines PY); runnable from the repo root.

PY ?= .venv/bin/python
EMNIST_DIR ?= ../shared/data/emnist
EMNIST_BUILD ?= build/emnist
EMNIST_THREADS ?= 1
EMNIST_ARGS = --data $(EMNIST_DIR) --out $(EMNIST_BUILD) --models models

.PHONY: split-emnist train-emnist-mlp train-emnist eval-emnist

split-emnist:
	$(PY) -m training.emnist split $(EMNIST_ARGS)

train-emnist-mlp: split-emnist
	$(PY) -m training.emnist train-mlp $(EMNIST_ARGS)

# The shipped model: the "deep" network, 50 epochs (56 min on one core), quantised to int8.
train-emnist: split-emnist
	$(PY) -m training.emnist train-cnn $(EMNIST_ARGS) --threads $(EMNIST_THREADS) \
		--arch deep --epochs 50 --int8

eval-emnist:
	$(PY) -m training.emnist eval $(EMNIST_ARGS)
