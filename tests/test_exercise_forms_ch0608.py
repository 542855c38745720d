"""Chapters 06-08: no written answer is marked by a machine, and a choice's key is not given
away by its length (issue 22, item 3). The course-wide balance of key letters is checked
over all chapters together; this file keeps these three chapters' part of it."""

from __future__ import annotations

import importlib

import pytest

CHAPTERS = ("ch06", "ch07", "ch08")


def _exercises(chapter: str):
    module = importlib.import_module(f"dfkit.course.exercises.{chapter}")
    return [getattr(module, f"q{i}") for i in range(1, 6)]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_explain_question_has_options_to_choose_from(chapter):
    """A keyword-checked free text (no options) would accept word salad; explain = choice."""
    for exercise in _exercises(chapter):
        if exercise.kind in ("explain", "predict"):
            assert len(exercise.options) >= 3, f"{chapter} {exercise.name}: no options"


def _keys():
    from dfkit.course.exercises import ch06, ch07, ch08

    return {"ch06 q5": (ch06.q5, "c"), "ch07 q4": (ch07.q4, "a"), "ch07 q5": (ch07.q5, "d"),
            "ch08 q5": (ch08.q5, "c")}


def test_the_key_is_never_the_longest_option():
    for name, (exercise, key) in _keys().items():
        assert exercise.evaluate({exercise.names[0]: key})[0] == "correct", name
        lengths = {k: len(v) for k, v in exercise.options.items()}
        assert lengths[key] < max(lengths.values()), f"{name}: the key is the longest option"


def test_keys_are_spread_over_the_letters():
    keys = [key for _, key in _keys().values()]
    assert max(keys.count(k) for k in set(keys)) <= 0.5 * len(keys)
