"""dfkit.exercises: every exercise accepts its right answers and rejects its typical wrong ones."""

from __future__ import annotations

import pytest

from dfkit import exercises
from dfkit.exercises import ExerciseFailed, ____

ALL = exercises.all_exercises()


def test_every_chapter_module_has_exercises_with_examples():
    assert len(ALL) >= 2
    for ex in ALL:
        assert ex.right and ex.wrong, f"{ex.name} ({ex.prompt[:40]}) needs right and wrong examples"
        assert ex.hint_text and ex.solution_text


@pytest.mark.parametrize("ex", ALL, ids=lambda e: f"{e.checker.__module__}.{e.name}")
def test_right_answers_pass_and_wrong_ones_fail(ex):
    for make in ex.right:
        kind, msg = ex.evaluate(make())
        assert kind == "correct", msg
    for make in ex.wrong:
        kind, msg = ex.evaluate(make())
        assert kind == "incorrect" and len(msg) > 20, (make(), msg)


@pytest.mark.parametrize("ex", ALL, ids=lambda e: f"{e.checker.__module__}.{e.name}")
def test_placeholder_means_not_attempted(ex):
    namespace = {**ex.right[0](), **{n: ____ for n in ex.names}}
    kind, msg = ex.evaluate(namespace)
    assert kind == "blank" and ex.names[0] in msg


def test_check_reads_the_callers_globals_and_prints(capsys):
    from dfkit.exercises.ch00 import q1

    global always_fake_accuracy
    always_fake_accuracy = 0.5
    q1.check()
    assert capsys.readouterr().out.startswith("Incorrect")
    always_fake_accuracy = 1000 / 1749
    q1.check()
    assert capsys.readouterr().out.startswith("Correct")
    q1.hint()
    q1.solution()
    out = capsys.readouterr().out
    assert "Hint" in out and "1000 / (749 + 1000)" in out


def test_strict_mode_raises(monkeypatch):
    from dfkit.exercises.ch00 import q1

    monkeypatch.setenv(exercises.STRICT_ENV, "1")
    with pytest.raises(ExerciseFailed, match="0.5 would hold"):
        q1.check({"always_fake_accuracy": 0.5})
    with pytest.raises(ExerciseFailed, match="placeholder"):
        q1.check({"always_fake_accuracy": ____})
    q1.check({"always_fake_accuracy": 1000 / 1749})  # no exception when right


def test_a_function_that_still_returns_the_placeholder_is_not_attempted():
    from dfkit.exercises.ch01 import q1

    kind, msg = q1.evaluate({"my_cosine": lambda a, b: ____})
    assert kind == "blank" and "placeholder" in msg
    kind, msg = q1.evaluate({"my_cosine": lambda a, b: 1 / 0})
    assert kind == "incorrect" and "ZeroDivisionError" in msg
