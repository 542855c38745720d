"""dfkit.evaluation.calibration: bins as scikit-learn's calibration_curve, ECE on scores of known calibration,
temperature and Platt scaling recovering a distortion made on purpose."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.calibration import calibration_curve
from sklearn.linear_model import LogisticRegression

from dfkit.evaluation import calibration as cal


def calibrated_sample(n: int = 20_000, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Scores that are calibrated by construction: y ~ Bernoulli(p)."""
    rng = np.random.default_rng(seed)
    p = rng.uniform(0, 1, n)
    return (rng.random(n) < p).astype(int), p


@pytest.mark.parametrize("strategy", ["uniform", "quantile"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_bins_match_sklearn_calibration_curve(strategy, seed):
    rng = np.random.default_rng(seed)
    p = rng.beta(0.7, 0.9, 500)
    p[:20] = np.round(p[:20], 1)  # scores on the inner edges: sklearn puts them in the lower bin
    y = (rng.random(500) < p ** 1.5).astype(int)
    prob_true, prob_pred = calibration_curve(y, p, n_bins=7, strategy=strategy)
    bins = cal.reliability_bins(y, p, n_bins=7, strategy=strategy)
    np.testing.assert_allclose(bins["fraction_fake"], prob_true, rtol=1e-12)
    np.testing.assert_allclose(bins["mean_predicted"], prob_pred, rtol=1e-12)
    assert bins["images"].sum() == 500


def test_empty_bins_are_left_out_as_sklearn_does():
    y = np.array([0, 0, 1, 1])
    p = np.array([0.05, 0.08, 0.91, 0.97])
    bins = cal.reliability_bins(y, p, n_bins=10)
    assert len(bins) == 2 and list(bins["images"]) == [2, 2]
    assert cal.expected_calibration_error(y, p, 10) == pytest.approx((0.065 + 0.06) / 2)


def test_ece_by_hand():
    # bin [0, .5): predictions .2 and .4, one fake -> |0.5 - 0.3| = 0.2 (2 images)
    # bin [.5, 1]: predictions .6, .8, 1.0, all fake -> |1 - 0.8| = 0.2 (3 images)
    y = np.array([0, 1, 1, 1, 1])
    p = np.array([0.2, 0.4, 0.6, 0.8, 1.0])
    assert cal.expected_calibration_error(y, p, n_bins=2) == pytest.approx(0.2)


def test_ece_of_calibrated_scores_is_small_and_of_distorted_scores_large():
    y, p = calibrated_sample()
    assert cal.expected_calibration_error(y, p) < 0.015
    overconfident = cal.sigmoid(3 * cal.logit(p))
    assert cal.expected_calibration_error(y, overconfident) > 0.08
    constant = np.full_like(p, 0.9)  # always 0.9 where half are fake: ECE = 0.4
    assert cal.expected_calibration_error(y, constant) == pytest.approx(abs(y.mean() - 0.9))


def test_weights_equal_to_repeating_images():
    rng = np.random.default_rng(3)
    p, y = rng.random(60), rng.integers(0, 2, 60)
    w = rng.integers(1, 4, 60)
    weighted = cal.reliability_bins(y, p, 5, sample_weight=w)
    repeated = cal.reliability_bins(np.repeat(y, w), np.repeat(p, w), 5)
    np.testing.assert_allclose(weighted["fraction_fake"], repeated["fraction_fake"])
    assert cal.expected_calibration_error(y, p, 5, sample_weight=w) == pytest.approx(
        cal.expected_calibration_error(np.repeat(y, w), np.repeat(p, w), 5))


def test_temperature_recovers_a_known_distortion():
    y, p = calibrated_sample(40_000, seed=5)
    for true_t in (0.5, 3.0):  # under- and over-confident
        distorted = cal.sigmoid(cal.logit(p) * true_t)
        t = cal.fit_temperature(y, distorted)
        assert t == pytest.approx(true_t, rel=0.05)
        fixed = cal.apply_temperature(distorted, t)
        assert cal.expected_calibration_error(y, fixed) < 0.015


def test_temperature_keeps_order_and_the_half_decision():
    p = np.array([0.01, 0.3, 0.5, 0.51, 0.99])
    for t in (0.3, 1.0, 4.0):
        q = cal.apply_temperature(p, t)
        assert (np.diff(q) > 0).all()
        assert ((q >= 0.5) == (p >= 0.5)).all()
    np.testing.assert_allclose(cal.apply_temperature(p, 1.0), p, atol=1e-9)


def test_platt_matches_unregularised_logistic_regression():
    y, p = calibrated_sample(5_000, seed=7)
    shifted = cal.sigmoid(2 * cal.logit(p) + 1)  # true inverse: a = 0.5, b = -0.5
    a, b = cal.fit_platt(y, shifted)
    lr = LogisticRegression(C=np.inf, tol=1e-10, max_iter=10_000)
    lr.fit(cal.logit(shifted)[:, None], y)
    assert a == pytest.approx(lr.coef_[0, 0], abs=1e-4)
    assert b == pytest.approx(lr.intercept_[0], abs=1e-4)
    assert a == pytest.approx(0.5, abs=0.05) and b == pytest.approx(-0.5, abs=0.1)


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="one per image"):
        cal.reliability_bins([0, 1], [0.2])
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        cal.expected_calibration_error([0, 1], [0.2, 1.7])
    with pytest.raises(ValueError, match="real and fake"):
        cal.fit_temperature([1, 1, 1], [0.2, 0.4, 0.9])
    with pytest.raises(ValueError, match="strategy"):
        cal.reliability_bins([0, 1], [0.2, 0.4], strategy="equal")


def test_the_reliability_diagrams_legend_sits_below_the_axes_off_the_curves():
    """A curve that climbs at the left (a legend in the upper left hid one in chapter 11)."""
    import matplotlib

    matplotlib.use("Agg")
    y, p = calibrated_sample(2_000)
    fig = cal.plot_reliability({"raw": (y, p), "skewed": (y, p ** 3)})
    fig.canvas.draw()
    ax, renderer = fig.axes[0], fig.canvas.get_renderer()
    legend, axes_box = ax.get_legend().get_window_extent(renderer), ax.get_window_extent(renderer)
    assert not legend.overlaps(axes_box) and legend.y1 <= axes_box.y0
    assert fig.bbox.y0 <= legend.y0  # inside the figure, not cut off
    assert len(ax.get_legend().get_texts()) == 3  # the diagonal and both curves, each named


def test_cross_fitted_scores_come_from_fits_that_never_saw_them():
    """Each fold is rescaled by a fit on the others: a shift made on purpose is undone out of
    fold too, a fold's groups stay together, and a fit without both classes keeps raw scores."""
    y, p = calibrated_sample(4_000)
    shifted = cal.sigmoid(cal.logit(p) + 1.0)  # leans towards fake
    groups = np.arange(len(y)) // 4
    platt = cal.cross_fitted(y, shifted, "Platt", groups=groups)
    assert cal.log_loss(y, platt) < cal.log_loss(y, shifted) - 0.02
    assert abs(cal.log_loss(y, platt) - cal.log_loss(y, p)) < 0.01
    temp = cal.cross_fitted(y, shifted, "temperature", groups=groups)
    assert cal.log_loss(y, platt) < cal.log_loss(y, temp)  # a temperature cannot undo a shift
    # the labels as groups: two folds, each fitted on one class only, so both stay raw
    np.testing.assert_allclose(cal.cross_fitted(y, shifted, "Platt", groups=y), shifted)
    one_class = np.zeros(10, dtype=int)
    np.testing.assert_allclose(cal.cross_fitted(one_class, np.full(10, 0.3), "Platt"), 0.3)
    with pytest.raises(ValueError, match="temperature"):
        cal.cross_fitted(y, p, "isotonic")


def test_sized_reliability_dots_name_their_meaning():
    import matplotlib

    matplotlib.use("Agg")
    y, p = calibrated_sample(2_000)
    fig = cal.plot_reliability({"raw": (y, p), "cubed": (y, p ** 3)}, sized=True)
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    # shares of faces: the area grows with the share (a bin of one face looks small)
    assert "dot size: the bin's share of the faces" in texts
    assert "0.01%" not in texts  # no bin of faces can hold so little (a ch11 reader)
    assert {"50%", "10%", "1%"} <= set(texts)
    # a ch11 reader: dots at one place hid each other, the legend showed lines without dots
    dots = ax.collections[:2]
    assert all(len(c.get_facecolor()) == 0 or c.get_facecolor()[0][3] == 0 for c in dots)
    assert dots[0].get_paths()[0] != dots[1].get_paths()[0]  # one shape per curve
    assert any(t.startswith("raw (ECE") for t in texts)
    # one scale for faces and weights: 1% and 0.01% differ by eye, and so do 1 face and 30
    assert cal._dot_size(0.01) > 2 * cal._dot_size(0.0001)
    assert cal._dot_size(0.25) > 4.5 * cal._dot_size(1 / 120)
    weighted = cal.plot_reliability({"raw": (y, p)}, weights={"raw": np.ones(len(y))},
                                    sized=True)
    texts = [t.get_text() for t in weighted.axes[0].get_legend().get_texts()]
    assert "dot size: the bin's share of the weight" in texts
    assert {"50%", "1%", "0.01%", "lines join bins of 1% or more"} <= set(texts)
    # a reader: a line to a point on 0.03% of the weight was the figure's loudest mark
    y2, p2 = np.array([0] * 990 + [1] * 10), np.r_[np.full(990, 0.05), np.full(10, 0.95)]
    p2[0] = 0.55  # one real face alone in the middle: 0.1% of the faces
    lone = cal.plot_reliability({"x": (y2, p2)}, sized=True).axes[0]
    assert np.isnan(lone.get_lines()[1].get_ydata()).sum() == 1


def test_fitted_map_applies_the_chosen_fit():
    y, p = calibrated_sample(2_000)
    q = p ** 2
    np.testing.assert_allclose(cal.fitted_map("raw", y, q)(q), q)
    np.testing.assert_allclose(cal.fitted_map("temperature", y, q)(q),
                               cal.apply_temperature(q, cal.fit_temperature(y, q)))
    np.testing.assert_allclose(cal.fitted_map("Platt", y, q)(q),
                               cal.apply_platt(q, *cal.fit_platt(y, q)))
    with pytest.raises(ValueError, match="raw"):
        cal.fitted_map("isotonic", y, q)


def test_rescaling_maps_plot_each_fit_and_mark_platts_crossing():
    """Chapter 11 plots the fitted maps (a reader could not picture Platt's 'crossing'): each
    curve is the fitted function, and the marked point is where Platt's curve meets the identity."""
    import matplotlib

    matplotlib.use("Agg")
    fig = cal.plot_rescaling_maps(0.8, 1.6, -1.0)
    ax = fig.axes[0]
    identity, temp, platt, dot = ax.get_lines()
    x, y = temp.get_data()
    assert np.allclose(y, cal.apply_temperature(x, 0.8))
    x, y = platt.get_data()
    assert np.allclose(y, cal.apply_platt(x, 1.6, -1.0))
    cross = cal.platt_crossing(1.6, -1.0)
    assert dot.get_xdata()[0] == pytest.approx(cross)
    assert cal.apply_platt(np.array([cross]), 1.6, -1.0)[0] == pytest.approx(cross)
    assert f"{cross:.2f}" in [t.get_text() for t in ax.get_legend().get_texts()][-1]
    fig.canvas.draw()
    legend, box = ax.get_legend().get_window_extent(), ax.get_window_extent()
    assert legend.y1 <= box.y0  # below the axes, off the curves
    # a = 1: no score stays put, so no crossing is marked
    assert len(cal.plot_rescaling_maps(1.0, 1.0, 0.4).axes[0].get_lines()) == 3
