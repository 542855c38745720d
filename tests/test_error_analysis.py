"""error_analysis.rate_differences: the bootstrap where it can measure both rows, else Newcombe."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dfkit.evaluation import error_analysis, metrics


def _frame(errors_yes: int, errors_no: int) -> pd.DataFrame:
    # 30 identities, each with 2 images of each value; errors spread over distinct identities
    group = np.repeat(np.arange(30), 4)
    value = np.tile(["yes", "yes", "no", "no"], 30)
    wrong = np.zeros(120, bool)
    wrong[np.flatnonzero(value == "yes")[::2][:errors_yes]] = True
    wrong[np.flatnonzero(value == "no")[::2][:errors_no]] = True
    return pd.DataFrame({"group": group, "y": 1, "f": value, "wrong": wrong})


def test_a_zero_row_gets_newcombe_not_a_bootstrap_point():
    row = error_analysis.rate_differences(_frame(0, 8), "f", seed=0).iloc[0]
    assert (row["value"], row["against"], row["method"]) == ("yes", "no", "Newcombe")
    want = metrics.newcombe_difference(0.0, 30, 8 / 60, 30)
    assert (row["difference"], row["low"], row["high"]) == pytest.approx(want)
    assert row["low"] < 0 < row["high"]  # the zero row's own uncertainty is kept


def test_rows_the_bootstrap_can_measure_are_bootstrapped():
    row = error_analysis.rate_differences(_frame(12, 6), "f", seed=0).iloc[0]
    assert row["method"] == "bootstrap" and row["low"] <= row["difference"] <= row["high"]
    assert not error_analysis.measurable([True] * 4 + [False] * 56, np.arange(60) // 2)


def test_q4_counts_support_its_key_by_the_chapters_rule():
    """Chapter 07's q4 (key c): within each class blurred images are wrong less often and
    Newcombe's interval in images excludes zero, while pooled they look worse."""
    from dfkit.course.exercises.ch07 import blur_counts
    from dfkit.evaluation.metrics import newcombe_difference

    rows = blur_counts().set_index(["class", "blur"])
    for cls in ("real", "fake"):
        a, b = rows.loc[(cls, "blurred")], rows.loc[(cls, "sharp")]
        diff, low, high = newcombe_difference(a["errors"] / a["images"], a["images"],
                                              b["errors"] / b["images"], b["images"])
        assert diff < 0 and high < 0, (cls, diff, low, high)
    pooled = rows.groupby("blur")[["errors", "images"]].sum()
    rate = pooled["errors"] / pooled["images"]
    assert rate["blurred"] > rate["sharp"]


def test_classes_come_real_first():
    frame = pd.concat([_frame(12, 6), _frame(12, 6).assign(y=0)], ignore_index=True)
    table = error_analysis.rate_differences(frame, "f", seed=0)
    assert table["class"].tolist() == ["real", "fake"]
