# leadsweep — the README's commands. Everything runs from a fresh clone: the venv is built on demand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench sample lint clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip uv
	$(BIN)/python -m uv pip install --quiet --python $(BIN)/python -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/leadsweep run data/sample --out out/demo --dnc data/sample/_meta/dnc.csv --customers data/sample/_meta/customers.csv
	@echo "call list: out/demo/call_list.csv   report: out/demo/report.html"

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)  # 100k and 1M rows; quick: make bench BENCH_ARGS="--sizes 10000,100000 --incremental-base 100000"
	$(BIN)/python -m bench.run $(BENCH_ARGS)

sample: $(STAMP)
	$(BIN)/python bench/generate.py data/sample --people 250 --seed 7

lint: $(STAMP)
	$(BIN)/ruff check --select F,E9 pipelines transforms expectations tests bench

clean:
	rm -rf out .pytest_cache
