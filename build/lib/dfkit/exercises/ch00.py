"""Chapter 00 exercises: warm-up on what the paper's numbers mean, and on your own splits."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from dfkit.exercises import Exercise, Incorrect, close

PAPER_TEST_REAL, PAPER_TEST_FAKE = 749, 1000  # from the paper's confusion matrices (Figs 13-14)


def _check_always_fake(always_fake_accuracy) -> None:
    expected = PAPER_TEST_FAKE / (PAPER_TEST_REAL + PAPER_TEST_FAKE)
    try:
        close(always_fake_accuracy, expected, tol=2e-3, what="always_fake_accuracy")
    except Incorrect as exc:
        value = float(always_fake_accuracy) if isinstance(always_fake_accuracy, (int, float)) else None
        if value is not None and abs(value - 0.5) < 1e-3:
            raise Incorrect("0.5 would hold on a balanced test set, but the paper's was not: "
                            "it held 749 real and 1,000 fake faces.") from None
        if value is not None and abs(value - 1.0) < 1e-3:
            raise Incorrect("1.0 is the *recall* of a model that calls everything fake; "
                            "accuracy also counts the real faces it gets wrong.") from None
        if value is not None and 1 < value <= 100:
            raise Incorrect("Give accuracy as a fraction between 0 and 1, not a percentage.") from None
        raise exc


q1 = Exercise(
    name="q1",
    prompt="A 'detector' calls every face fake. What accuracy does it score on the paper's test set "
           "(749 real, 1,000 fake)? Store the fraction in `always_fake_accuracy`.",
    names=("always_fake_accuracy",),
    checker=_check_always_fake,
    hint_text="Accuracy is (correct predictions) / (all predictions). Which faces does it get right?",
    solution_text="always_fake_accuracy = 1000 / (749 + 1000)   # = 0.572: the bar any model must beat",
    right=[lambda: {"always_fake_accuracy": 1000 / 1749}],
    wrong=[lambda: {"always_fake_accuracy": 0.5}, lambda: {"always_fake_accuracy": 1.0},
           lambda: {"always_fake_accuracy": 57.2}, lambda: {"always_fake_accuracy": "0.57"}],
)


def _check_test_groups(n_test_groups, data) -> None:
    expected = int(data.test["group"].nunique())
    if not isinstance(n_test_groups, (int,)) and not hasattr(n_test_groups, "__index__"):
        raise Incorrect(f"n_test_groups should be a whole number, got {type(n_test_groups).__name__}.")
    if int(n_test_groups) == len(data.test):
        raise Incorrect("That is the number of test *images*. Count distinct values of the 'group' column.")
    if int(n_test_groups) != expected:
        raise Incorrect(f"{n_test_groups} is not the number of distinct groups in data.test. "
                        "Try data.test['group'].nunique().")


def _toy_data() -> SimpleNamespace:
    test = pd.DataFrame({"group": ["a", "a", "b", "c", "c", "c"], "y": [0, 1, 0, 1, 1, 0]})
    return SimpleNamespace(test=test)


q2 = Exercise(
    name="q2",
    prompt="How many distinct groups (people or videos) are in your test split? Store it in `n_test_groups`.",
    names=("n_test_groups",),
    context=("data",),
    checker=_check_test_groups,
    hint_text="Each row of data.test is one image; its 'group' column says which person or video it came from.",
    solution_text="n_test_groups = data.test['group'].nunique()",
    right=[lambda: {"n_test_groups": 3, "data": _toy_data()}],
    wrong=[lambda: {"n_test_groups": 6, "data": _toy_data()}, lambda: {"n_test_groups": 2, "data": _toy_data()},
           lambda: {"n_test_groups": "3", "data": _toy_data()}],
)
