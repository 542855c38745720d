"""Chapter 07 exercises: reading a results table like an error analyst."""

from __future__ import annotations

import pandas as pd

from dfkit.exercises import Exercise, Incorrect, close


def _check_fake_error(fake_error_rate, results) -> None:
    fakes = results[results["y"] == 1]
    expected = float(fakes["wrong"].mean())
    value = fake_error_rate
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if abs(value - float(results["wrong"].mean())) < 1e-9 and abs(value - expected) > 1e-9:
            raise Incorrect("That is the error rate over *all* test images. Keep only the fakes (y == 1).")
        if abs(value - int(fakes["wrong"].sum())) < 1e-9 and int(fakes["wrong"].sum()) > 1:
            raise Incorrect("That is the number of missed fakes; divide by the number of fakes.")
    close(value, expected, tol=1e-9, what="fake_error_rate")


def _toy() -> pd.DataFrame:
    return pd.DataFrame({"file": [f"f{i}.jpg" for i in range(8)], "y": [1, 1, 1, 1, 0, 0, 0, 0],
                         "wrong": [True, False, False, False, True, True, False, False]})


q1 = Exercise(
    name="q1",
    prompt="In `results` (one row per test image, columns y and wrong), what share of the fakes did the model miss? "
           "Store it in `fake_error_rate` (it equals 1 - recall).",
    names=("fake_error_rate",),
    context=("results",),
    checker=_check_fake_error,
    hint_text="results[results['y'] == 1]['wrong'].mean()",
    solution_text="fake_error_rate = results.loc[results['y'] == 1, 'wrong'].mean()",
    right=[lambda: {"fake_error_rate": 0.25, "results": _toy()}],
    wrong=[lambda: {"fake_error_rate": 3 / 8, "results": _toy()}, lambda: {"fake_error_rate": 1, "results": _toy()},
           lambda: {"fake_error_rate": 0.75, "results": _toy()}],
)


def _check_first_five(first_five, results) -> None:
    expected = results.loc[results["wrong"], "file"].head(5).tolist()
    got = list(first_five) if not isinstance(first_five, str) else [first_five]
    if sorted(got) == sorted(expected) and got != expected:
        raise Incorrect("The right files in the wrong order: keep the test split's order (the paper's 'first five').")
    if got != expected:
        raise Incorrect("Those are not the first five misclassified test images. Filter on results['wrong'], "
                        "then take the first five values of the 'file' column.")


q2 = Exercise(
    name="q2",
    prompt="The paper showed 'the first five misclassified samples'. Store the file names of yours, in test order, "
           "in the list `first_five`.",
    names=("first_five",),
    context=("results",),
    checker=_check_first_five,
    hint_text="results.loc[results['wrong'], 'file'].head(5).tolist()",
    solution_text="first_five = results.loc[results['wrong'], 'file'].head(5).tolist()",
    right=[lambda: {"first_five": ["f0.jpg", "f4.jpg", "f5.jpg"], "results": _toy()}],
    wrong=[lambda: {"first_five": ["f5.jpg", "f4.jpg", "f0.jpg"], "results": _toy()},
           lambda: {"first_five": ["f0.jpg", "f1.jpg", "f2.jpg"], "results": _toy()}],
)
