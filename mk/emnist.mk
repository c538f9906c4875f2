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

# The "deep" network, 20 epochs on the 211,468-image pool (about 66 min
# on one core; checkpointed every epoch in $(EMNIST_BUILD)/cnn.ckpt, a rerun resumes),
# quantised to int8.  Writes models/emnist.onnx + .json.
train-emnist: split-emnist
	$(PY) -m training.emnist train-cnn $(EMNIST_ARGS) --threads $(EMNIST_THREADS) \
		--arch deep --epochs 20 --int8

# 47 classes and the 36-class fold (case folded), MLP and CNN; per class, confused pairs,
# chars/s.  More ONNX models beside it: make eval-emnist EMNIST_EVAL="--also old=FILE.onnx"
EMNIST_EVAL ?=
eval-emnist:
	$(PY) -m training.emnist eval $(EMNIST_ARGS) $(EMNIST_EVAL)
