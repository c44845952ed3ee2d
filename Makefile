# Two commands a newcomer needs: `make demo` and `make test`. Both create .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint format clean sample templates wheelhouse lower-bounds

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

# Offline install (README "内网安装"): the project's wheel and every dependency as binary wheels in wheelhouse/.
# PLATFORM: current, manylinux_2_28_x86_64, manylinux_2_28_aarch64 or win_amd64; PY: the target's Python;
# EXTRAS=fonts adds the chart font package (17 MB) for machines without a Chinese font.
PLATFORM ?= current
PY ?=
EXTRAS ?=
WHEELHOUSE ?= wheelhouse
wheelhouse: $(STAMP)
	$(BIN)/python scripts/wheelhouse.py --platform $(PLATFORM) $(if $(PY),--python $(PY)) \
		$(if $(EXTRAS),--extras $(EXTRAS)) --out $(WHEELHOUSE)

# Install the oldest versions pyproject.toml allows in a scratch venv and run the demo (needs the index).
lower-bounds: $(STAMP)
	$(BIN)/python scripts/check_lower_bounds.py

clean:
	rm -rf $(VENV) out build dist .pytest_cache wheelhouse
