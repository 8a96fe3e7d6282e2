# The README's commands. Each target creates the virtual environment on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-slow lint check eval eval-blind train scorecard bench curation-eval container-test lock lint-docker clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)  ## the bot: Discord when a token is configured, else the terminal chat
	$(BIN)/factbot start

test: lint $(STAMP)  ## lint, type-check and the test suite (what CI runs)
	$(BIN)/python -m pytest

test-slow: $(STAMP)  ## the long load, fault and fuzz runs (minutes): docs/reliability.md
	$(BIN)/python -m pytest -m slow -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/hadolint Dockerfile
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

check: $(STAMP)  ## validate the shipped fact base
	$(BIN)/factbot check

eval: $(STAMP)  ## quality on the training question sets (in-sample; README, "Quality")
	for set in dev own holdout blind blind2 train1 train2; do $(BIN)/factbot eval tests/data/questions/$$set.yaml; done

eval-blind: $(STAMP)  ## the held-out blind sets: to report a result, never to tune (tests/data/blind)
	for set in blind3 blind4 blind5 blind6; do $(BIN)/factbot eval tests/data/blind/$$set.yaml; done

train: $(STAMP)  ## refit the matcher's scorer on the training question sets (seconds)
	$(BIN)/python -m bot.tools.train_scorer

scorecard: $(STAMP)  ## score the held-out blind sets into bot/models/scorecard.json (/about shows it)
	$(BIN)/python -m bot.tools.scorecard

bench: $(STAMP)  ## speed and scale of the matcher, then check and /reload at 100k facts (about 3 minutes)
	$(BIN)/python benchmarks/bench.py
	$(BIN)/python benchmarks/scale.py --facts 100000

DEV_SET ?= ../shared/eval/dev.yaml
curation-eval: $(STAMP)  ## leave-one-out figures of factbot draft over the shipped articles (seconds)
	$(BIN)/python benchmarks/curation_eval.py --dev $(DEV_SET)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .hypothesis

lock:  ## re-pin the container image's dependencies (requirements/*.lock) from pyproject.toml
	PYTHON=$(PYTHON) scripts/lock.sh

lint-docker: $(STAMP)  ## hadolint the Dockerfile
	$(BIN)/hadolint Dockerfile

container-test: $(STAMP)  ## build the image and prove it runs (docker, else podman): docs/container.md
	scripts/container-test.sh
