"""Exercises that cannot be gamed (issue 22, item 3): multiple-choice keys spread over the
letters, the key not the longest option, and no free-text answer marked correct by a machine.

The rules hold for every chapter's exercise module (``BALANCED``, found on disk, so a new
chapter is held to them from its first commit).
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from collections import Counter
from pathlib import Path

import pytest

from dfkit.course import exercises
from dfkit.course.exercises import Exercise

BALANCED = tuple(sorted(p.stem for p in Path(exercises.__file__).parent.glob("ch[0-9]*.py")))
MAX_KEY_SHARE = 0.40  # no letter is the key of more than 40% of the choice questions
MAX_LONGEST_SHARE = 0.5  # the key is the longest option in at most half of them


def _right_case(ex: Exercise) -> dict:
    """A namespace tests/exercise_cases marks right for ``ex`` (for a question that reads more
    than its letter, such as a computed value and then a choice)."""
    path = Path(__file__).resolve().parent / "exercise_cases" / f"{ex.module.rsplit('.', 1)[-1]}.py"
    spec = importlib.util.spec_from_file_location(f"design_cases_{path.stem}", path)
    cases = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(cases)
    return cases.CASES[ex.name]["right"][0]()


def choice_key(ex: Exercise) -> str:
    """The option a ``choice`` question accepts, found by asking its own checker."""
    variable = next((n for n in ex.names if n.endswith(("_answer", "_prediction"))), ex.names[0])
    base = _right_case(ex) if len(ex.names) > 1 or ex.context else {}
    right = [k for k in ex.options if ex.evaluate({**base, variable: k})[0] == "correct"]
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


def test_the_rules_cover_every_chapter():
    assert set(BALANCED) == {f"ch{p.name[:2]}" for p in CHAPTERS}, BALANCED


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


# --- the options a chapter prints are the ones its checker grades --------------------------------
# A chapter lists a question's options in its markdown while its checker holds them in
# dfkit.course.exercises.chNN; a rebalanced key once left chapter 05's q4 marking the wrong text
# correct. Each shown option must read most like the checker's option of the same letter.

_STOP = {"the", "a", "of", "and", "to", "is", "it", "in", "on", "its", "that", "for", "by", "be", "as",
         "are", "with", "not", "no", "or", "an"}


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower())) - _STOP


def shown_options(chapter_source: str, name: str) -> dict[str, str]:
    """The ``- a. ...`` options listed under a chapter's ``**qN`` heading (continuation lines joined)."""
    block = re.search(r"\*\*(?:Exercise )?" + name + r"\b.*?(?=^# \*\*(?:Exercise )?q\d|^# %%|\Z)",
                      chapter_source, re.S | re.M)
    found = re.findall(r"^# - ([a-h])\. (.*(?:\n#   .*)*)", block.group(0), re.M) if block else []
    return {k: " ".join(v.replace("#   ", " ").split()) for k, v in found}


def mismatched(options: dict[str, str], shown: dict[str, str]) -> list[str]:
    problems = []
    for key, text in options.items():
        if key not in shown:
            problems.append(f"({key}) is not shown")
            continue
        overlap = {k: len(_words(text) & _words(v)) / max(1, len(_words(text) | _words(v))) for k, v in shown.items()}
        if max(overlap, key=overlap.get) != key:
            problems.append(f"the checker's ({key}) '{text[:60]}' is shown as another letter")
        elif overlap[key] < 0.5:  # rewritten on one side only (ch08 q5's (a), 2026-12-06)
            problems.append(f"the checker's ({key}) '{text[:60]}' reads differently in the chapter")
    return problems


def test_an_option_rewritten_on_one_side_only_is_caught():
    options = {"a": "the metric: the paper's accuracy depends on a class balance it does not state",
               "b": "the data: other fakes"}
    shown = {"a": "the metric: plain accuracy against balanced accuracy and ROC-AUC weighing classes",
             "b": "the data: other fakes"}
    assert any("reads differently" in p for p in mismatched(options, shown))
    assert shown_options("# **Exercise q5 (explain).** Which?\n# - a. one\n# - b. two\n", "q5") == \
        {"a": "one", "b": "two"}


def test_a_shuffled_option_list_is_caught():
    options = {"a": "they overstate it on new faces", "b": "nothing: the set is large"}
    assert mismatched(options, {"a": "nothing: the set is large", "b": "they overstate it on new faces"})
    assert not mismatched(options, {"a": "they overstate it, on new faces", "b": "nothing, the set is large"})


CHAPTERS = sorted((Path(__file__).resolve().parent.parent / "chapters").glob("[0-9][0-9]_*.py"))


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_the_options_a_chapter_shows_are_the_ones_it_grades(chapter):
    module = importlib.import_module(f"dfkit.course.exercises.ch{chapter.name[:2]}")
    source, problems = chapter.read_text(), []
    for name in sorted(n for n in vars(module) if re.fullmatch(r"q\d", n)):
        ex = getattr(module, name)
        shown = shown_options(source, name) if getattr(ex, "options", None) else {}
        if shown:
            problems += [f"{name}: {p}" for p in mismatched(ex.options, shown)]
    assert not problems, f"{chapter.name}: " + "; ".join(problems)
