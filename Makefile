# Two commands do all set-up: `make run` and `make test`. Each creates .venv when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APP_STAMP := $(VENV)/.installed-app
STAMP := $(VENV)/.installed

.PHONY: run test lint bench package screenshot clean

# The app alone for `make run`; the test extras (spaCy, pyarrow, ...) only for the targets that need them.
$(APP_STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; set PYTHON=python3.11")'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(APP_STAMP)

$(STAMP): $(APP_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(APP_STAMP)
	@$(BIN)/python -m workbench.ui.display_check
	$(BIN)/workbench

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

# Ruff, the formatter's check, mypy (settings in pyproject.toml) and the import rules
# (tests/test_boundary.py). Depends on the test stamp, so a fresh checkout installs ruff and mypy first.
lint: $(STAMP)
	$(BIN)/ruff check workbench tests benchmarks
	$(BIN)/ruff format --check workbench tests benchmarks
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:randomly tests/test_boundary.py

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

package: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,package]'
	$(BIN)/pyinstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller packaging/workbench.spec
	@echo "Built dist/workbench/: run dist/workbench/workbench (window) or dist/workbench/workbench-cli"

screenshot: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/workbench --screenshot docs/screenshot.png
	for size in 1280x720 1400x900 1920x1080; do \
		QT_QPA_PLATFORM=offscreen $(BIN)/workbench --screenshot docs/screenshot-$$size.png --size $$size || exit 1; \
	done
	QT_QPA_PLATFORM=offscreen $(BIN)/python tools/draw_report_picture.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python tools/draw_suggestions_picture.py

clean:
	rm -rf $(VENV) build dist *.egg-info
