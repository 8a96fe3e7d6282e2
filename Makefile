# The README's commands. Each target creates the virtual environment on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-slow lint check eval eval-blind train scorecard bench bench-load curation-eval container-test lock lint-docker clean screenshots

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
	for set in $$($(BIN)/python -c 'from bot.tools.train_scorer import TRAINING_SETS; print(*TRAINING_SETS)'); do \
		$(BIN)/factbot eval tests/data/questions/$$set.yaml; done

eval-blind: $(STAMP)  ## the held-out blind sets: to report a result, never to tune (tests/data/blind)
	for set in $$($(BIN)/python -c 'from bot.tools.scorecard import SETS; print(*SETS)'); do \
		$(BIN)/factbot eval tests/data/blind/$$set.yaml; done

train: $(STAMP)  ## refit the matcher's scorer, then the follow-ups' reading chooser (seconds)
	$(BIN)/python -m bot.tools.train_scorer
	$(BIN)/python -m bot.tools.train_readings

scorecard: $(STAMP)  ## score the held-out blind sets into bot/models/scorecard.json (/about shows it)
	$(BIN)/python -m bot.tools.scorecard

bench: $(STAMP)  ## speed and scale of the matcher, then check and /reload at 100k facts (about 3 minutes)
	$(BIN)/python benchmarks/bench.py
	$(BIN)/python benchmarks/scale.py --facts 100000

DEV_SET ?= ../shared/eval/dev.yaml
curation-eval: $(STAMP)  ## leave-one-out figures of factbot draft over the shipped articles (seconds)
	$(BIN)/python benchmarks/curation_eval.py --dev $(DEV_SET)

bench-load: $(STAMP)  ## the Discord front end under load: latency, throughput, memory (about 3 minutes)
	$(BIN)/python benchmarks/load.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .hypothesis

lock:  ## re-pin the container image's dependencies (requirements/*.lock) from pyproject.toml
	PYTHON=$(PYTHON) scripts/lock.sh

lint-docker: $(STAMP)  ## hadolint the Dockerfile
	$(BIN)/hadolint Dockerfile

container-test: $(STAMP)  ## build the image and prove it runs (docker, else podman): docs/container.md
	scripts/container-test.sh

# Screenshots of every kind of reply (docs/discord.md): a development tool, not the bot. The
# node tools live outside the repository, in RENDER_TOOLS; Chromium comes inside the npm
# package @sparticuz/chromium (no download at run time), Discord's look from
# @skyra/discord-components-core, emoji from @twemoji/svg (as Discord draws them); sharp
# (prebuilt, from npm) makes the PNGs small.
RENDER_TOOLS ?= /work/render-tools
RENDER_PACKAGES := @skyra/discord-components-core@4.0.2 @sparticuz/chromium@147.0.0 \
	puppeteer-core@24.43.1 esbuild@0.28.2 @twemoji/svg@15.0.0 sharp@0.34.5

$(RENDER_TOOLS)/.installed:
	mkdir -p $(RENDER_TOOLS)
	cd $(RENDER_TOOLS) && (test -f package.json || npm init -y >/dev/null) \
		&& npm install --no-audit --no-fund $(RENDER_PACKAGES)
	touch $@

screenshots: $(STAMP) $(RENDER_TOOLS)/.installed  ## render every reply kind and photograph it into docs/screenshots
	$(BIN)/python scripts/render_replies.py
	echo "import '@skyra/discord-components-core';" | NODE_PATH=$(RENDER_TOOLS)/node_modules \
		$(RENDER_TOOLS)/node_modules/.bin/esbuild --bundle --format=esm --minify \
		--log-level=warning --outfile=docs/render/discord-components.js
	rm -rf docs/render/twemoji && cp -r $(RENDER_TOOLS)/node_modules/@twemoji/svg docs/render/twemoji
	RENDER_TOOLS=$(RENDER_TOOLS) node scripts/screenshot_replies.mjs
