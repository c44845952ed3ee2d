# Two commands a newcomer needs: `make demo` and `make test`. Both create .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint format clean sample templates

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# One editable install with the dev extras serves both demo and test, so the two never fight over .venv.
$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

demo: $(STAMP)
	$(BIN)/summarize demo -o out

test: $(STAMP)
	$(BIN)/ruff check summarize tests scripts benchmarks
	$(BIN)/ruff format --check summarize tests scripts benchmarks
	$(BIN)/python -m pytest -q

format: $(STAMP)
	$(BIN)/ruff check --fix summarize tests scripts benchmarks
	$(BIN)/ruff format summarize tests scripts benchmarks

sample: $(STAMP)
	$(BIN)/python scripts/make_sample.py

templates: $(STAMP)
	$(BIN)/python scripts/make_templates.py

clean:
	rm -rf $(VENV) out build dist .pytest_cache
