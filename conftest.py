"""How pytest runs the course's notebooks (nbval): the worked solutions strictly, the chapters as handed out.

A notebook in ``solutions/`` runs with ``DFKIT_STRICT_EXERCISES=1``: a worked answer that its
checker rejects raises, and the run fails. A chapter runs as a student gets it (blanks unanswered,
nothing raises). nbval starts a notebook's kernel from this process's environment when its first
cell is set up, so the variable is set there, notebook by notebook; that also holds when
pytest-xdist shares tests, chapters and solutions between worker processes (``make test``).

The Colab test runs first: building its environment waits on the network rather than the cores,
so it overlaps the rest (at the end of the queue it ran alone for the last minutes of ``make test``).
"""

from __future__ import annotations

import os

STRICT_ENV = "DFKIT_STRICT_EXERCISES"  # dfkit.course.exercises.STRICT_ENV (tests/test_exercises.py checks)
_OUTSIDE = os.environ.get(STRICT_ENV)  # what the command line asked for, kept for everything else


def pytest_runtest_setup(item) -> None:
    if item.path.suffix == ".ipynb" and item.path.parent.name == "solutions":
        os.environ[STRICT_ENV] = "1"
    elif _OUTSIDE is None:
        os.environ.pop(STRICT_ENV, None)
    else:
        os.environ[STRICT_ENV] = _OUTSIDE


def pytest_collection_modifyitems(items) -> None:
    items.sort(key=lambda item: item.path.name != "test_colab.py")  # stable: the rest keep their order
