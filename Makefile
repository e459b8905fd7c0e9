# leadsweep — the README's commands. Everything runs from a fresh clone: the venv is built on demand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench sample lint clean bytecode lock

# uv installs no bytecode: without it every run compiles each module it imports (3 s of a run's start,
# and of its Prefect server's), since Python writes no .pyc where PYTHONDONTWRITEBYTECODE is set.
# compileall exits 1 for the few files in site-packages that are not Python 3 (test data); ignored.
# The versions come from requirements.lock (what CI tested); `make lock` re-resolves it after pyproject.toml changes.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip uv
	$(BIN)/python -m uv pip install --quiet --python $(BIN)/python -r requirements.lock
	$(BIN)/python -m uv pip install --quiet --python $(BIN)/python --no-deps -e .
	-$(BIN)/python -m compileall -q -j 0 $$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_path("purelib"))') > /dev/null
	touch $(STAMP)

bytecode: $(STAMP)  # the project's own modules, recompiled when they change
	@$(BIN)/python -m compileall -q -j 0 pipelines transforms expectations bench > /dev/null

demo: bytecode
	$(BIN)/leadsweep run data/sample --out out/demo --dnc data/sample/_meta/dnc.csv --customers data/sample/_meta/customers.csv
	@echo "call list: out/demo/call_list.csv   report: out/demo/report.html"

test: bytecode
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: bytecode  # 100k and 1M rows; quick: make bench BENCH_ARGS="--sizes 10000,100000 --incremental-base 100000"
	$(BIN)/python -m bench.run $(BENCH_ARGS)

sample: $(STAMP)
	$(BIN)/python bench/generate.py data/sample --people 250 --seed 7

lock:  # re-resolve requirements.lock from pyproject.toml (Python 3.11, the dev extra), newest versions allowed
	test -x $(BIN)/python || ($(PYTHON) -m venv $(VENV) && $(BIN)/python -m pip install --quiet uv)
	$(BIN)/python -m uv pip compile pyproject.toml --extra dev --python-version 3.11 --upgrade -q \
		--custom-compile-command "make lock" -o requirements.lock

lint: $(STAMP)  # the rules are in pyproject.toml (E, F, I, B, UP, SIM)
	$(BIN)/ruff check pipelines transforms expectations tests bench notebooks

clean:
	rm -rf out .pytest_cache
