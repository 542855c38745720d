"""Exercise forms that cannot be gamed (issue 22, item 3), checked on chapters 09-11.

* No free-text answer is marked correct by a machine: no exercise is a ``keywords`` one.
* Multiple-choice keys are spread: no option letter is the key of more than 40% of the
  ``choice`` questions, and the key is the longest option in at most half of them.

``MODULES`` lists the chapters whose exercises were rewritten to these rules; the course-wide
rule (every chapter) applies the same checks once every chapter module follows them.
"""

from __future__ import annotations

import collections

import pytest

from dfkit.course import exercises

MODULES = ["ch09", "ch10", "ch11"]


def _choices(modules: list[str]) -> list[exercises.Exercise]:
    """The choice questions: an explain exercise with options (predictions have kind predict)."""
    return [ex for ex in exercises.all_exercises(modules)
            if ex.options and ex.kind != "predict"]


def _key(ex: exercises.Exercise) -> str:
    """The right option of a choice question: the one key its checker accepts."""
    right = []
    for key in ex.options:
        kind, _ = ex.evaluate({ex.names[0]: key})
        if kind == "correct":
            right.append(key)
    assert len(right) == 1, f"{ex.module}.{ex.name}: {len(right)} options accepted"
    return right[0]


def key_spread(questions: list[exercises.Exercise]) -> tuple[float, float]:
    """(largest share of questions keyed by one letter, share keyed by their longest option)."""
    keys = [_key(ex) for ex in questions]
    most = collections.Counter(keys).most_common(1)[0][1] / len(keys)
    longest = sum(len(ex.options[k]) == max(len(t) for t in ex.options.values())
                  for ex, k in zip(questions, keys)) / len(keys)
    return most, longest


def free_text(ex: exercises.Exercise) -> bool:
    """An answer in words that a checker marks: a keywords question, or any explain exercise
    without options to choose from."""
    made_by_keywords = ex.checker.__qualname__.startswith("keywords.")
    return made_by_keywords or (ex.kind == "explain" and not ex.options)


@pytest.mark.parametrize("module", MODULES)
def test_no_exercise_marks_free_text_correct(module):
    for ex in exercises.all_exercises([module]):
        assert not free_text(ex), \
            f"{module}.{ex.name} marks a written answer: make it a choice or a prediction"


def test_choice_keys_are_spread_and_not_the_longest_option():
    questions = _choices(MODULES)
    assert len(questions) >= 4
    most, longest = key_spread(questions)
    assert most <= 0.4, f"one letter is the key of {most:.0%} of the choice questions"
    assert longest <= 0.5, f"the key is the longest option in {longest:.0%} of them"


def test_the_spread_check_fails_on_the_old_pattern():
    """The check can fail: keys all "b", each the longest option (as issue 22 found)."""
    def make(i):
        return exercises.choice(
            f"x{i}", "?", "x_answer",
            options={"a": "short", "b": "the longest and most hedged option of all",
                     "c": "brief", "d": "tiny"},
            answer="b", feedback={"a": "no", "c": "no", "d": "no"})
    most, longest = key_spread([make(i) for i in range(5)])
    assert most > 0.4 and longest > 0.5
    words = exercises.keywords("w", "?", "w_answer", [("prevalence",)], ["say it"])
    assert free_text(words)
