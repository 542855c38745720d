"""dfkit.evaluation.base_rates: hand-computed cases of precision at a prevalence, reweighting, prior shift,
and the threshold of least expected cost."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dfkit.evaluation import base_rates as br
from dfkit.evaluation import calibration as cal


def test_the_papers_resnet_at_one_percent_by_hand():
    # Paper, Table I / Fig 14: recall 977/1000, specificity 331/749. Among 10,000 faces at 1%:
    # 100 fakes -> 97.7 caught; 9,900 real -> 9,900 * 418/749 = 5,524.9 flagged.
    recall, specificity = 977 / 1000, 331 / 749
    counts = br.expected_counts(recall, specificity, 0.01)
    assert counts["tp"] == pytest.approx(97.7)
    assert counts["fp"] == pytest.approx(9900 * 418 / 749)
    assert counts["tp"] + counts["fn"] == pytest.approx(100)
    assert counts["flagged"] == pytest.approx(97.7 + 9900 * 418 / 749)
    expected = 97.7 / (97.7 + 5524.9)
    assert br.precision_at_prevalence(recall, specificity, 0.01) == pytest.approx(expected, abs=1e-4)


def test_precision_at_the_test_sets_own_prevalence_is_the_plain_precision():
    # Fig 14's test set: 1,000 fakes of 1,749 faces -> precision = TP / (TP + FP) = 977 / 1395
    precision = br.precision_at_prevalence(977 / 1000, 331 / 749, 1000 / 1749)
    assert precision == pytest.approx(977 / 1395)


def test_precision_simple_cases_and_arrays():
    assert br.precision_at_prevalence(1.0, 1.0, 0.001) == 1.0  # no false alarms at all
    assert br.precision_at_prevalence(0.9, 0.9, 0.5) == pytest.approx(0.9)
    assert br.precision_at_prevalence(0.9, 0.9, 0.1) == pytest.approx(0.09 / (0.09 + 0.09))  # 0.5
    assert np.isnan(br.precision_at_prevalence(0.0, 1.0, 0.2))  # nothing flagged
    out = br.precision_at_prevalence(0.8, 0.95, np.array(br.PREVALENCES))
    assert out.shape == (4,) and (np.diff(out) < 0).all()  # rarer fakes, lower precision
    with pytest.raises(ValueError, match="share of faces"):
        br.precision_at_prevalence(0.9, 0.9, 1.5)


def test_rates_by_hand():
    y = np.array([0, 0, 0, 0, 1, 1])
    p = np.array([0.1, 0.4, 0.6, 0.7, 0.5, 0.9])
    assert br.rates(y, p, 0.5) == (1.0, 0.5)
    recall, spec = br.rates(y, p, [0.0, 0.65, np.inf])
    np.testing.assert_allclose(recall, [1.0, 0.5, 0.0])
    np.testing.assert_allclose(spec, [0.0, 0.75, 1.0])


def test_prevalence_weights_give_the_prevalence_and_keep_recall():
    y = np.array([0] * 30 + [1] * 10)
    w = br.prevalence_weights(y, 0.01)
    assert np.sum(w * y) / np.sum(w) == pytest.approx(0.01)
    assert w.mean() == pytest.approx(1.0)
    # weighted precision equals the formula with the unweighted recall and specificity
    rng = np.random.default_rng(0)
    p = np.clip(0.3 * y + 0.7 * rng.random(40), 0, 1)
    flagged = p >= 0.5
    recall, spec = br.rates(y, p, 0.5)
    weighted_precision = np.sum(w * flagged * y) / np.sum(w * flagged)
    assert weighted_precision == pytest.approx(br.precision_at_prevalence(recall, spec, 0.01))


def test_shift_prior_by_hand_and_restores_calibration():
    # p = 0.5 at a 50% prior is a likelihood ratio of 1: at 10% it becomes the prior itself
    assert br.shift_prior(0.5, 0.1) == pytest.approx(0.1)
    # p = 0.9 at 50%: odds 9; at 1%: 9 * (1/99) = 1/11 -> 1/12
    assert br.shift_prior(0.9, 0.01) == pytest.approx(1 / 12)
    assert br.shift_prior(0.3, 0.5) == pytest.approx(0.3)
    # calibrated on a balanced set, then reweighted to 5%: shifted scores are calibrated again
    rng = np.random.default_rng(1)
    p = rng.uniform(0, 1, 60_000)
    y = (rng.random(60_000) < p).astype(int)  # calibrated at prevalence 0.5
    w = br.prevalence_weights(y, 0.05)
    before = cal.expected_calibration_error(y, p, sample_weight=w)
    after = cal.expected_calibration_error(y, br.shift_prior(p, 0.05, y.mean()), sample_weight=w)
    assert before > 0.2 and after < 0.01


def test_expected_cost_by_hand():
    # 1% fakes, recall 0.8, specificity 0.9, a miss costs 50, a false alarm 1:
    # 0.01 * 0.2 * 50 + 0.99 * 0.1 * 1 = 0.1 + 0.099
    assert br.expected_cost(0.8, 0.9, 0.01, cost_fp=1, cost_fn=50) == pytest.approx(0.199)


def test_cost_threshold_by_hand():
    y = np.array([0, 0, 0, 0, 1, 1])
    p = np.array([0.1, 0.2, 0.3, 0.6, 0.5, 0.9])
    # prevalence 0.5, equal costs: cost = 0.5 (1 - recall) + 0.5 (1 - specificity)
    #   t = 0.1: 0.5; 0.2: 0.375; 0.3: 0.25; 0.5: 0.125; 0.6: 0.375; 0.9: 0.25; inf: 0.5
    assert br.cost_threshold(y, p, 0.5) == 0.5
    # 1% fakes, equal costs: t = 0.9 costs 0.01 * 0.5 = 0.005, below flagging nothing (0.01)
    assert br.cost_threshold(y, p, 0.01) == 0.9
    # a miss costs 1,000 false alarms: t = 0.5 costs 0.99 * 0.25, t = 0.9 costs 10 * 0.5
    assert br.cost_threshold(y, p, 0.01, cost_fp=1, cost_fn=1000) == 0.5
    # dearer misses change nothing once recall is 1: lower thresholds only add false alarms
    assert br.cost_threshold(y, p, 0.01, cost_fp=1, cost_fn=10_000) == 0.5
    # the highest score is a real face: at 1% and equal costs, flagging nothing is cheapest
    assert br.cost_threshold([1, 0, 0], [0.4, 0.8, 0.1], 0.01) == np.inf


def test_cost_threshold_agrees_with_the_bayes_threshold_on_calibrated_scores():
    rng = np.random.default_rng(2)
    p = rng.uniform(0, 1, 40_000)
    y = (rng.random(40_000) < p).astype(int)
    for prevalence, cost_fn in ((0.5, 1), (0.1, 20), (0.01, 200)):
        theory = br.bayes_threshold(prevalence, 1, cost_fn, from_prevalence=y.mean())
        found = br.cost_threshold(y, p, prevalence, 1, cost_fn)
        def cost(t, prevalence=prevalence, cost_fn=cost_fn):
            return br.expected_cost(*br.rates(y, p, t), prevalence, 1, cost_fn)

        # the cost curve is flat near its minimum: the sample's argmin wanders, its cost does not
        assert cost(found) <= cost(theory) <= cost(found) * 1.01, (prevalence, cost_fn)
        assert found == pytest.approx(theory, abs=0.06), (prevalence, cost_fn)


def test_bayes_threshold_by_hand():
    assert br.bayes_threshold(0.5, 1, 1) == pytest.approx(0.5)
    # at 1% prevalence and equal costs, flag only when the balanced-set posterior is 0.99 or more
    assert br.bayes_threshold(0.01, 1, 1) == pytest.approx(0.99)
    # a miss costing 99 false alarms at 1% brings it back to 0.5
    assert br.bayes_threshold(0.01, 1, 99) == pytest.approx(0.5)


def test_table_and_plot():
    table = br.precision_table({"a": (0.9, 0.9), "b": (0.977, 331 / 749)})
    assert list(table.columns) == ["prec @ 1 in 2", "prec @ 1 in 10", "prec @ 1 in 100",
                                   "prec @ 1 in 1,000"]
    assert table.loc["a", "prec @ 1 in 10"] == pytest.approx(0.5)
    assert br.prevalence_label(0.25) == "prec @ 1 in 4"
    assert br.prevalence_label(0.3) == "prec @ 0.3"
    shown = br.significant(table)
    assert shown.loc["b", "prec @ 1 in 1,000"] == "0.00175"  # 0.002 once rounded to 3 decimals
    # the rare-fake end must not be flattened: both axes on a log scale
    fig = br.plot_precision_vs_prevalence({"a": (0.9, 0.9), "b": (0.977, 331 / 749)})
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert ax.get_ylim()[0] < 0.0017 and "same detector" not in ax.get_title()


def test_significant_keeps_trailing_zeros_and_counts():
    shown = br.significant(pd.DataFrame({"x": [0.8, 0.41, 0.0049], "n": [26, 24, 12]}))
    assert list(shown["x"]) == ["0.800", "0.410", "0.00490"]
    assert list(shown["n"]) == ["26", "24", "12"]


def test_plot_labels_each_marked_prevalence_and_stops_at_the_last():
    fig = br.plot_precision_vs_prevalence({"a": (0.9, 0.9)})
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1 in 2", "1 in 10", "1 in 100",
                                                          "1 in 1,000"]
    assert ax.lines[0].get_xdata().min() == pytest.approx(0.001)


def test_cost_gap_interval_against_flagging_nothing():
    rng = np.random.default_rng(0)
    y = np.repeat([0, 1], 200)
    p = np.where(y == 1, rng.uniform(0.4, 1, 400), rng.uniform(0, 0.6, 400))
    groups = np.tile(np.arange(40), 10)  # 40 groups, both classes in each
    gap, low, high = br.cost_gap_interval(y, p, 0.5, 0.01, cost_fp=1, cost_fn=20,
                                          groups=groups, n_boot=300)
    r, s = br.rates(y, p, 0.5)
    assert gap == pytest.approx(br.expected_cost(r, s, 0.01, 1, 20) - 0.01 * 20)
    assert low <= gap <= high
    # flagging nothing differs from flagging nothing by exactly 0 on every resample
    assert br.cost_gap_interval(y, p, np.inf, 0.01, 1, 20, n_boot=50) == (0.0, 0.0, 0.0)
    # a perfect detector beats flagging nothing whatever the resample
    perfect = br.cost_gap_interval(y, y.astype(float), 0.5, 0.01, 1, 20, groups=groups,
                                   n_boot=100)
    assert perfect == pytest.approx((-0.2, -0.2, -0.2))


def test_cost_gap_interval_against_another_rule_is_paired():
    """Chapter 11 compares two thresholds on the same faces: each draw costs both rules."""
    rng = np.random.default_rng(1)
    y = np.repeat([0, 1], 200)
    p = np.where(y == 1, rng.uniform(0.4, 1, 400), rng.uniform(0, 0.6, 400))
    groups = np.tile(np.arange(40), 10)
    q = p ** 2  # the same order: a threshold on q is one on p
    gap, low, high = br.cost_gap_interval(y, q, 0.36, 0.01, 1, 20, groups=groups,
                                          n_boot=200, against=(p, 0.6))
    cost = [br.expected_cost(*br.rates(y, s, t), 0.01, 1, 20) for s, t in ((q, 0.36), (p, 0.6))]
    assert gap == pytest.approx(cost[0] - cost[1]) and low <= gap <= high
    # the same rule on rescaled scores: zero on every (paired) draw
    same = br.cost_gap_interval(y, q, 0.36, 0.01, 1, 20, groups=groups, n_boot=50,
                                against=(p, 0.6 + 1e-12))
    assert same == (0.0, 0.0, 0.0)


def test_plot_reads_left_to_right_with_small_ticks_and_distinct_lines():
    fig = br.plot_precision_vs_prevalence({"a": (0.977, 331 / 749), "b": (0.942, 636 / 749),
                                           "c": (0.983, 0.8)})
    ax = fig.axes[0]
    left, right = ax.get_xlim()
    assert left > right  # fakes become rarer to the right, as the title reads
    low = ax.get_ylim()[0]
    ticks = [t for t in ax.get_yticks() if low <= t <= 1]
    assert any(t < 0.01 for t in ticks)  # the 1-in-1,000 points sit on a labelled stretch
    styles = {(line.get_linestyle(), line.get_marker()) for line in ax.get_lines()
              if line.get_label() in "abc"}
    assert len(styles) == 3


def test_plot_cost_curve_marks_the_chosen_threshold_and_flagging_nothing():
    rng = np.random.default_rng(0)
    y = np.repeat([0, 1], 60)
    p = np.clip(0.3 * y + 0.7 * rng.random(120), 0, 1)
    t = br.cost_threshold(y, p, 0.01, cost_fp=1, cost_fn=20)
    ax = br.plot_cost_curve(y, p, 0.01, cost_fp=1, cost_fn=20, chosen=t).axes[0]
    curve, nothing, point = ax.get_lines()
    assert len(curve.get_xdata()) == len(np.unique(p))
    assert nothing.get_ydata()[0] == pytest.approx(200)
    assert point.get_xdata()[0] == t and point.get_ydata()[0] == pytest.approx(
        min(curve.get_ydata().min(), 200))
    assert len(br.plot_cost_curve(y, p, 0.01, 1, 20, chosen=np.inf).axes[0].get_lines()) == 2
    # the second panel zooms on the cheap thresholds, where the dips beside the chosen one are
    zoom = br.plot_cost_curve(y, p, 0.01, cost_fp=1, cost_fn=20, chosen=t).axes[1]
    assert zoom.get_ylim() == pytest.approx((0, 300))
    cheap = curve.get_xdata()[curve.get_ydata() <= 300]
    assert zoom.get_xlim()[0] <= cheap.min() and zoom.get_xlim()[1] >= cheap.max() >= t


def test_cost_table_by_hand_and_as_shown():
    # 4 fakes scored 0.9, 0.8, 0.6, 0.3; 4 real faces 0.7, 0.4, 0.2, 0.1
    y = np.array([1, 1, 1, 1, 0, 0, 0, 0])
    p = np.array([0.9, 0.8, 0.6, 0.3, 0.7, 0.4, 0.2, 0.1])
    table = br.cost_table(y, p, {"half": 0.5, "nothing": np.inf}, 0.01, cost_fp=1, cost_fn=20)
    half = table.loc["half"]
    # at 0.5: 3 of 4 fakes caught, 1 of 4 real faces flagged
    assert (half["caught"], half["real flagged"]) == (3, 1)
    assert (half["recall"], half["spec."]) == (0.75, 0.75)
    # cost per face = 0.01·0.25·20 + 0.99·0.25·1 = 0.05 + 0.2475
    assert half["cost/1k"] == pytest.approx(1000 * (0.01 * 0.25 * 20 + 0.99 * 0.25))
    assert half["prec @ 1 in 100"] == pytest.approx(0.0075 / (0.0075 + 0.2475))
    nothing = table.loc["nothing"]
    assert (nothing["caught"], nothing["real flagged"]) == (0, 0)
    assert nothing["cost/1k"] == pytest.approx(200)  # every fake missed: 1000·0.01·20
    assert np.isnan(nothing["prec @ 1 in 100"])
    shown = br.shown_costs(table)
    assert shown.loc["half", "prec @ 1 in 100"] == "0.0294"
    assert shown.loc["nothing", "prec @ 1 in 100"] == "NaN"
    assert shown.loc["half", "cost/1k"] == pytest.approx(297.5)
