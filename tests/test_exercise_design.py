"""Exercises that cannot be gamed (issue 22, item 3): multiple-choice keys spread over the
letters, the key not the longest option, and no free-text answer marked correct by a machine.

The rules hold for the chapter modules listed in ``BALANCED``; a chapter joins the list when
its exercises are rewritten (the lead extends it to every chapter once all are).
"""

from __future__ import annotations

from collections import Counter

import pytest

from dfkit.course import exercises
from dfkit.course.exercises import Exercise

BALANCED = ("ch00", "ch01", "ch02", "ch03")
MAX_KEY_SHARE = 0.40  # no letter is the key of more than 40% of the choice questions
MAX_LONGEST_SHARE = 0.5  # the key is the longest option in at most half of them


def choice_key(ex: Exercise) -> str:
    """The option a ``choice`` question accepts, found by asking its own checker."""
    variable = ex.names[0]
    right = [k for k in ex.options if ex.evaluate({variable: k})[0] == "correct"]
    assert len(right) == 1, f"{ex.module}.{ex.name}: {len(right)} options are marked correct"
    return right[0]


def choices(modules) -> list[Exercise]:
    return [ex for ex in exercises.all_exercises(list(modules))
            if ex.options and ex.kind != "predict"]


def key_problems(questions: list[Exercise]) -> list[str]:
    """What breaks the rules in ``questions``: an over-used key letter, a key too often longest."""
    keys = {f"{ex.module}.{ex.name}": choice_key(ex) for ex in questions}
    problems = []
    for letter, count in Counter(keys.values()).items():
        if count > MAX_KEY_SHARE * len(keys):
            problems.append(f"({letter}) is the key of {count} of {len(keys)} questions")
    longest = [name for ex, (name, key) in zip(questions, keys.items())
               if len(ex.options[key]) == max(len(t) for t in ex.options.values())]
    if len(longest) > MAX_LONGEST_SHARE * len(keys):
        problems.append(f"the key is the longest option in {len(longest)} of {len(keys)}: "
                        f"{', '.join(longest)}")
    return problems


def test_keys_are_spread_and_not_the_longest_option():
    questions = choices(BALANCED)
    assert len(questions) >= 4
    assert not key_problems(questions), key_problems(questions)


def test_the_rule_catches_a_key_always_b():
    def ask(name: str, key: str) -> Exercise:
        options = {"a": "short", "b": "the longest and most hedged option of all", "c": "mid"}
        return exercises.choice(name, "?", "x", options, key,
                                feedback={k: "no" for k in options if k != key})

    always_b = [ask(f"q{i}", "b") for i in range(5)]
    problems = key_problems(always_b)
    assert any("(b) is the key of 5 of 5" in p for p in problems)
    assert any("longest option in 5 of 5" in p for p in problems)
    spread = [ask("q1", "a"), ask("q2", "b"), ask("q3", "c"), ask("q4", "a"), ask("q5", "c")]
    assert not key_problems(spread)


@pytest.mark.parametrize("module", BALANCED)
def test_no_free_text_answer_is_marked_by_a_machine(module):
    keyword_checked = [ex.name for ex in exercises.all_exercises([module])
                       if ex.checker.__qualname__.startswith("keywords.")]
    assert not keyword_checked, (f"{module}: {keyword_checked} mark a written answer correct by "
                                 "matching words; make them choices or predictions")
