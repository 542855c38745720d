# The course's commands. Two do all set-up on a fresh machine (see README):
#   make book   run every chapter on the embedded data and build the Jupyter Book
#   make test   the whole test suite (what CI runs)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export PYTHONHASHSEED := 0
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: book book-cache browser browser-if-root book-instructor student-copies grade test lint lab install notebooks data bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 > /dev/null
	touch $(STAMP)

install: $(STAMP)

## the main job: execute every chapter (default profile, embedded data), build the Jupyter Book,
## and open every chapter page in headless Chromium (figures, Colab button, screenshots in
## _build/screenshots) when a browser is there; without one (and without root to install it) it
## says the check was skipped and why.
## Execution is cached (jupyter-cache, _config.yml `execute_notebooks: cache`): a notebook runs
## again only when its code cells change, or when dfkit's code, pyproject.toml or the profile
## change, because each such state has a cache folder of its own, _build/jupyter_cache/<key>,
## linked as _build/.jupyter_cache (the folder _config.yml names). A prose fix rebuilds in minutes.
# the browsers dfkit.course.bookcheck looks for, in its order
HAS_BROWSER := { command -v chromium || command -v chromium-browser || command -v google-chrome; } > /dev/null
BOOK_PROFILE := $(or $(DFKIT_PROFILE),laptop)
BOOK_KEY = $(BOOK_PROFILE)-$(shell { find dfkit -type f \( -name '*.py' -o -name '*.csv' -o -name '*.xml' \) \
  | LC_ALL=C sort | xargs sha256sum; sha256sum pyproject.toml; } | sha256sum | cut -c1-16)

book: $(STAMP) browser-if-root book-cache
	DFKIT_PROFILE=$(BOOK_PROFILE) $(BIN)/jupyter-book build . --warningiserror --keep-going
	@if $(HAS_BROWSER); then \
	  $(BIN)/python -m dfkit.course.bookcheck _build/html --screenshots _build/screenshots; \
	else echo "Browser check of the pages skipped: no Chromium on PATH, and installing it needs root" \
	  "(apt-get install chromium). The book itself is built in _build/html."; fi

## point _build/.jupyter_cache at this state's cache folder; drop this profile's older states
book-cache:
	@mkdir -p _build/jupyter_cache/$(BOOK_KEY)
	@find _build/jupyter_cache -mindepth 1 -maxdepth 1 -name '$(BOOK_PROFILE)-*' ! -name '$(BOOK_KEY)' -exec rm -rf {} +
	@rm -rf _build/.jupyter_cache && ln -s jupyter_cache/$(BOOK_KEY) _build/.jupyter_cache
	@echo "Execution cache: _build/jupyter_cache/$(BOOK_KEY) (profile $(BOOK_PROFILE))"

## Debian's Chromium for the browser checks (installed once, needs root as on the course machines)
browser:
	@$(HAS_BROWSER) \
	  || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > /dev/null; } \
	  || { echo "Install Chromium (Debian: apt-get install chromium) for the book's browser check."; exit 1; }

## the instructors' book: chapters plus the worked solutions, into _build/instructor. It shares
## the student book's execution cache: chapters run by `make book` are not executed again.
book-instructor: $(STAMP) book-cache
	DFKIT_PROFILE=$(BOOK_PROFILE) $(BIN)/jupyter-book build . --toc _toc_instructor.yml --path-output _build/instructor --warningiserror --keep-going

## student copies for graded work into handout/: the chapters only, outputs stripped, checked for solution text
student-copies: $(STAMP)
	$(BIN)/python -m dfkit.course.student handout

## grade a class folder: make grade SUBMISSIONS=downloads/ [OUT=grades/ JOBS=2 ARGS=...]; secret from
## $$DFKIT_GRADE_SECRET. Isolated (as root), or it stops saying why; ARGS=--no-isolation grades
## without (instructors.md, "Grade").
grade: $(STAMP)
	$(BIN)/python -m dfkit.course.grade $(SUBMISSIONS) --out $(or $(OUT),grades) --jobs $(or $(JOBS),2) $(ARGS)

## Chromium for the browser tests when this user may install it (root); else they skip, saying why
browser-if-root:
	@$(HAS_BROWSER) \
	  || [ "$$(id -u)" != 0 ] || $(MAKE) --no-print-directory browser
	@$(HAS_BROWSER) \
	  || echo "Chromium is not installed and installing it needs root:" \
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
## One pytest run, its items shared by TEST_JOBS worker processes (pytest-xdist; one file, i.e. one
## notebook, stays on one worker, in order). Notebooks in solutions/ run strictly (conftest.py).
## The synthetic set is generated first, so that the workers only read it. Files are handed out in
## conftest.py's order (--no-loadscope-reorder): the Colab test first (building its environment
## waits on the network, not on the cores), then the longest. Three workers on two cores: while
## one waits (pip's downloads, a grading time-out, a chief waiting for its workers, Chromium) the
## other two keep the cores busy (two workers left them idle 15% of the run).
## XLA (JAX's compiler) compiles without LLVM's optimisation passes: the tests' models are tiny and
## run for a few steps, so compiling is most of their JAX time (the pretrained-DFDC benchmark's
## test: 94 -> 75 s, same figures). Only here; the book and the CLI compile as usual.
TEST_JOBS ?= 3
test: $(STAMP) browser-if-root lint
	DFKIT_PROFILE=ci $(BIN)/python -m dfkit data > /dev/null
	XLA_FLAGS="--xla_backend_optimization_level=0" DFKIT_PROFILE=ci $(BIN)/python -m pytest -q -rs -p no:cacheprovider \
	  -n $(TEST_JOBS) --dist loadfile --no-loadscope-reorder \
	  --durations=15 --nbval-lax tests chapters solutions

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
