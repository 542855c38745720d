# The course's commands. Two do all set-up on a fresh machine (see README):
#   make book   run every chapter on the embedded data and build the Jupyter Book
#   make test   the whole test suite (what CI runs)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export PYTHONHASHSEED := 0
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: book browser browser-if-root book-instructor student-copies test lint lab install notebooks data bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 > /dev/null
	touch $(STAMP)

install: $(STAMP)

## the main job: execute every chapter (default profile, embedded data), build the book, and open
## every chapter page in headless Chromium (figures, Colab button, screenshots in _build/screenshots)
book: $(STAMP) browser
	$(BIN)/jupyter-book build . --warningiserror --keep-going
	$(BIN)/python -m dfkit.course.bookcheck _build/html --screenshots _build/screenshots

## Debian's Chromium for the browser checks (installed once, needs root as on the course machines)
browser:
	@command -v chromium > /dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > /dev/null; } \
	  || { echo "Install Chromium (Debian: apt-get install chromium) for the book's browser check."; exit 1; }

## the instructors' book: chapters plus the worked solutions, into _build/instructor
book-instructor: $(STAMP)
	$(BIN)/jupyter-book build . --toc _toc_instructor.yml --path-output _build/instructor --warningiserror --keep-going

## student copies for graded work into handout/: the chapters only, outputs stripped, checked for solution text
student-copies: $(STAMP)
	$(BIN)/python -m dfkit.course.student handout

## Chromium for the browser tests when this user may install it (root); else they skip, saying why
browser-if-root:
	@command -v chromium > /dev/null || [ "$$(id -u)" != 0 ] || $(MAKE) --no-print-directory browser
	@command -v chromium > /dev/null || echo "Chromium is not installed and installing it needs root:" \
	  "the browser tests (tests/test_bookcheck.py) will be skipped."

## the code's lint (ruff, configured in pyproject.toml)
lint: $(STAMP)
	$(BIN)/ruff check dfkit tests benchmarks

## the chapters in JupyterLab: only what it needs to open the paired .py files as notebooks (the lab
## extra: jupyterlab, jupytext's extension, ipykernel), not the book and test stack
lab:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -e ".[lab]"
	$(BIN)/jupyter lab chapters

## the whole test suite: lint, dfkit unit tests, notebook pairing and output policy, nbval (ci profile)
test: $(STAMP) browser-if-root lint
	DFKIT_PROFILE=ci $(BIN)/python -m pytest -q -rs tests
	DFKIT_PROFILE=ci $(BIN)/python -m pytest -q --nbval-lax -p no:cacheprovider chapters
	DFKIT_PROFILE=ci DFKIT_STRICT_EXERCISES=1 $(BIN)/python -m pytest -q --nbval-lax -p no:cacheprovider solutions

## regenerate every .ipynb from its .py (the .py is the source of truth), outputs stripped
notebooks: $(STAMP)
	$(BIN)/jupytext --to ipynb --update-metadata '{"jupytext": null}' chapters/*.py solutions/*.py

data: $(STAMP)
	$(BIN)/python -m dfkit data

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_synthetic.py
	$(BIN)/python benchmarks/bench_features.py
	$(BIN)/python benchmarks/bench_decode.py
	$(BIN)/python benchmarks/bench_memory.py

clean:
	rm -rf _build tuner runs
