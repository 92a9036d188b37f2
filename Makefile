# Two commands on a fresh machine: `make demo` and `make test` (Python 3.11+ and the package registries).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test install install-test clean

# pip -qq: errors only. A machine's own pip configuration (e.g. an extra index without every package) can
# print a warning per package; a failed install still prints its error and stops make.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -qq --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -qq -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -qq -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: install
	$(BIN)/hotspot-planner demo -o out/demo

test: install-test
	$(BIN)/ruff check --quiet .
	$(BIN)/python -m pytest -n auto --dist worksteal -q

clean:
	rm -rf $(VENV) out build *.egg-info

# Benchmarks (run by hand, minutes; see bench/RESULTS.md): every bench script at its documented size.
.PHONY: bench
$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -qq -e '.[bench]'
	touch $@ $(VENV)/.installed

bench: $(VENV)/.installed-bench
	set -e; for script in $(filter-out bench/_common.py bench/collect.py,$(wildcard bench/*.py)); do \
		echo "== $$script"; $(BIN)/python $$script; done
	$(BIN)/python bench/collect.py
