"""Sentences that read a chapter's run: which conclusion this run supports, in words.

A chapter computes its numbers in plain sight (that is the lesson); the wording that turns them
into a sentence (which branch holds, which numbers to quote, how to hedge) lives here, one module
per chapter (``readings.ch08``), so the page shows one call and each branch is tested on made-up
numbers (``tests/test_readings_chNN.py``) instead of only on whatever the last run happened to give.
Each function returns Markdown; the chapter shows it with ``report.say``. In a chapter::

    from dfkit.course import readings, report
    report.say(readings.ch08.pairing(per_seed, gaps))
"""

from __future__ import annotations

import importlib
from types import ModuleType


def __getattr__(name: str) -> ModuleType:
    """``readings.chNN`` imports that chapter's module on first use (no list to keep here);
    ``readings.words`` the wording pieces the chapters share."""
    if (name.startswith("ch") and name[2:].isdigit()) or name == "words":
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
