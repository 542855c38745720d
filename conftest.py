"""How pytest runs the course's notebooks (nbval): the worked solutions strictly, the chapters as handed out.

A notebook in ``solutions/`` runs with ``DFKIT_STRICT_EXERCISES=1``: a worked answer that its
checker rejects raises, and the run fails. A chapter runs as a student gets it (blanks unanswered,
nothing raises). nbval starts a notebook's kernel from this process's environment when its first
cell is set up, so the variable is set there, notebook by notebook; that also holds when
pytest-xdist shares tests, chapters and solutions between worker processes (``make test``).

Order (``make test`` passes ``--no-loadscope-reorder``, so pytest-xdist hands out files in this
order rather than most-items-first): the Colab test first, since building its environment waits
on the network rather than the cores; then the files that take longest, so that none of them is
left running alone at the end (the Colab test did, for 3-7 minutes of ``make test``); then the
rest, most items first. ``LONGEST`` is a hint from a measured run (``--durations=0``), not a
requirement: a file missing from it only starts later.
"""

from __future__ import annotations

import os
from collections import Counter

STRICT_ENV = "DFKIT_STRICT_EXERCISES"  # dfkit.course.exercises.STRICT_ENV (tests/test_exercises.py checks)
_OUTSIDE = os.environ.get(STRICT_ENV)  # what the command line asked for, kept for everything else


def pytest_runtest_setup(item) -> None:
    if item.path.suffix == ".ipynb" and item.path.parent.name == "solutions":
        os.environ[STRICT_ENV] = "1"
    elif _OUTSIDE is None:
        os.environ.pop(STRICT_ENV, None)
    else:
        os.environ[STRICT_ENV] = _OUTSIDE


# worker seconds per file, a clean-clone `make test` of 2026-12-06 (tens of seconds and over)
LONGEST = ("tests/test_colab.py", "tests/test_distribute.py", "tests/test_backbones.py",
           "tests/test_notebook_render.py", "chapters/05_tuning.ipynb",
           "chapters/09_pretrained_backbone.ipynb", "chapters/04_resnet_style.ipynb",
           "tests/test_cli.py", "tests/test_models.py", "tests/test_grade.py",
           "chapters/08_does_fusion_help.ipynb", "tests/test_benchmarks.py", "tests/test_metrics.py",
           "chapters/06_recall_metrics.ipynb", "tests/test_predict.py",
           "solutions/04_resnet_style.ipynb", "tests/test_determinism.py",
           "solutions/09_pretrained_backbone.ipynb")


def pytest_collection_modifyitems(session, items) -> None:
    root = session.config.rootpath
    count = Counter(item.path for item in items)

    def rank(item) -> tuple[int, int]:
        name = item.path.relative_to(root).as_posix() if item.path.is_relative_to(root) else ""
        return (LONGEST.index(name), 0) if name in LONGEST else (len(LONGEST), -count[item.path])

    items.sort(key=rank)  # stable: a file's items keep their order
