"""dfkit.evaluation.metrics beyond the basics, and dfkit.evaluation.explain (Grad-CAM) on TF and JAX."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import numpy as np
import pandas as pd
import pytest
from sklearn import metrics as skm

from dfkit.evaluation import explain, metrics


@pytest.fixture
def scores():
    rng = np.random.default_rng(1)
    y = rng.integers(0, 2, 300)
    return y, np.clip(0.35 * y + 0.65 * rng.random(300), 0, 1)


def test_pr_auc_and_confusion_match_scikit_learn(scores):
    y, p = scores
    s = metrics.summary(y, p, 0.4)
    assert s["pr_auc"] == pytest.approx(skm.average_precision_score(y, p))
    tn, fp, fn, tp = skm.confusion_matrix(y, (p >= 0.4).astype(int)).ravel()
    assert (s["tn"], s["fp"], s["fn"], s["tp"]) == (tn, fp, fn, tp)


def test_always_fake_baseline_on_the_papers_test_set():
    y = np.array([0] * 749 + [1] * 1000)
    base = metrics.always_fake(y)
    assert round(100 * base["accuracy"], 1) == 57.2 and base["recall"] == 1.0
    assert round(100 * base["f1"], 1) == 72.8 and base["specificity"] == 0.0 and base["balanced_accuracy"] == 0.5


def test_threshold_for_recall_reaches_the_target_with_best_precision(scores):
    y, p = scores
    t = metrics.threshold_for_recall(y, p, 0.9)
    assert skm.recall_score(y, p >= t) >= 0.9
    # any other threshold with recall >= 0.9 has no better precision
    for other in np.unique(p):
        if skm.recall_score(y, p >= other) >= 0.9:
            assert skm.precision_score(y, p >= other) <= skm.precision_score(y, p >= t) + 1e-12
    assert metrics.threshold_for_recall(y, p, 1.0) <= p[y == 1].min()


def test_bootstrap_intervals_contain_the_value_and_shrink_with_more_data(scores):
    y, p = scores
    small = metrics.bootstrap(y[:60], p[:60], n_boot=300, seed=0)
    large = metrics.bootstrap(np.tile(y, 4), np.tile(p, 4), n_boot=300, seed=0)
    assert ((small["low"] <= small["value"]) & (small["value"] <= small["high"])).all()
    assert (large["high"] - large["low"])["roc_auc"] < (small["high"] - small["low"])["roc_auc"]
    again = metrics.bootstrap(y[:60], p[:60], n_boot=300, seed=0)
    assert small.equals(again)


def test_wilson_interval_and_error_rates_by_factor():
    low, high = metrics.wilson_interval(0, 10)
    assert low == 0 and 0.25 < high < 0.35  # a clean record on 10 images is not a 0% error rate
    frame = pd.DataFrame({"family": ["gan"] * 10 + ["faceswap"] * 4, "wrong": [1] * 2 + [0] * 8 + [1] * 3 + [0]})
    table = metrics.error_rates_by(frame, "family").set_index("family")
    assert table.loc["gan", "error_rate"] == 0.2 and table.loc["faceswap", "errors"] == 3
    assert (table["low"] <= table["error_rate"]).all() and (table["error_rate"] <= table["high"]).all()
    binned = metrics.error_rates_by(frame.assign(q=np.arange(14)), "q", bins=[-1, 6, 13])
    assert binned["images"].tolist() == [7, 7]


GRAD_CAM_SCRIPT = textwrap.dedent("""
    import json, numpy as np, keras
    from dfkit.evaluation import explain
    from dfkit.models import paper as models
    keras.utils.set_random_seed(0)
    out = {"backend": keras.backend.backend()}
    for build in (models.build_cnn, models.build_resnet):
        m = build(input_shape=(32, 32, 6))
        x = np.random.default_rng(0).random((2, 32, 32, 6), dtype=np.float32)
        cams = explain.grad_cam(m, x)
        features, head = explain.split_at(m, explain.last_conv_layer(m))
        maps = np.asarray(keras.ops.convert_to_numpy(features(x))).astype(np.float32)
        grad = explain.gradient_of_output(head, maps)
        d = np.random.default_rng(1).standard_normal(maps.shape).astype(np.float32)
        f = lambda a: float(np.sum(keras.ops.convert_to_numpy(head(a, training=False))))
        eps = 1e-3  # small enough not to cross ReLU kinks, large enough for float32
        numeric = (f(maps + eps * d) - f(maps - eps * d)) / (2 * eps)
        out[build.__name__] = {"shape": list(cams.shape), "lo": float(cams.min()), "hi": float(cams.max()),
                               "analytic": float(np.sum(grad * d)), "numeric": numeric}
    print(json.dumps(out))
""")


@pytest.mark.parametrize("backend", ["tensorflow", "jax"])
def test_grad_cam_gradients_are_right_on_each_backend(backend):
    import json

    env = {**os.environ, "KERAS_BACKEND": backend, "JAX_PLATFORMS": "cpu", "TF_CPP_MIN_LOG_LEVEL": "3"}
    res = subprocess.run([sys.executable, "-c", GRAD_CAM_SCRIPT], env=env, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    out = json.loads(res.stdout.strip().splitlines()[-1])
    assert out["backend"] == backend
    for name in ("build_cnn", "build_resnet"):
        r = out[name]
        assert r["shape"] == [2, 32, 32] and 0 <= r["lo"] <= r["hi"] <= 1
        assert r["analytic"] == pytest.approx(r["numeric"], rel=0.02, abs=1e-4), name


def test_grad_cam_needs_a_convolutional_model():
    import keras

    dense = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    with pytest.raises(ValueError, match="4-D"):
        explain.last_conv_layer(dense)


def test_results_table_and_factor_tables(synthetic_root):
    from dfkit.data import dataset as data
    from dfkit.evaluation import error_analysis as errors

    manifest, _ = data.scan(synthetic_root, verbose=False)
    p = np.where(manifest["y"] == 1, 0.7, 0.3)
    first_reals = np.flatnonzero(manifest["y"] == 0)[:5]
    p[first_reals] = 0.9  # five real images called fake
    results = errors.results_table(manifest, p)
    assert int(results["wrong"].sum()) == 5 and results["wrong"].iloc[first_reals].all()
    tables = errors.factor_tables(results)
    assert {"class", "manipulation family", "blur applied", "JPEG quality", "artefact strength (fakes)"} <= set(tables)
    assert tables["class"]["images"].sum() == len(results)
    assert tables["artefact strength (fakes)"]["images"].sum() == int((results["y"] == 1).sum())
    assert errors.labels(results.iloc[first_reals[:1]])[0] == "T: real, P: fake (0.90)"
    only_labels = errors.factor_tables(results[["y", "label", "wrong"]])
    assert list(only_labels) == ["class"]  # real datasets: only the columns they have


def _clustered(n_groups: int = 30, per_group: int = 8, seed: int = 0):
    """Scores where each group (identity) shares one offset: images of a group are not independent."""
    rng = np.random.default_rng(seed)
    groups = np.repeat(np.arange(n_groups), per_group)
    y = np.repeat(np.arange(n_groups) % 2, per_group)
    offset = np.repeat(rng.normal(0, 0.25, n_groups), per_group)
    p = np.clip(0.3 + 0.3 * y + offset + rng.normal(0, 0.05, len(y)), 0, 1)
    return y, p, groups


def test_cluster_bootstrap_resamples_groups_and_is_wider_than_the_image_bootstrap():
    y, p, groups = _clustered()
    images = metrics.bootstrap(y, p, n_boot=300, seed=0)
    clusters = metrics.bootstrap(y, p, n_boot=300, seed=0, groups=groups)
    width = lambda t: (t["high"] - t["low"])["roc_auc"]  # noqa: E731
    assert width(clusters) > 1.5 * width(images)  # 30 identities are far less evidence than 240 images
    assert clusters.attrs["resampled"] == "groups" and clusters.attrs["n_units"] == 30
    assert (clusters["value"] == images["value"]).all()  # the point estimate is on all data
    assert clusters.equals(metrics.bootstrap(y, p, n_boot=300, seed=0, groups=groups))


@pytest.mark.parametrize("decimals", [1, 2, 6])
def test_a_bootstrap_draw_scores_what_summary_scores_ties_included(decimals):
    """The NumPy metrics of each draw equal scikit-learn's (summary) on scores with many ties,
    at thresholds on and between the scores, for small and large draws."""
    rng = np.random.default_rng(decimals)
    for n in (2, 3, 7, 40, 500):
        y = rng.integers(0, 2, n)
        y[:2] = [0, 1]  # both classes, as every draw the bootstrap keeps
        p = np.round(np.clip(0.3 * y + 0.7 * rng.random(n), 0, 1), decimals)
        for threshold in (0.0, 0.5, float(p[0]), 1.0):
            want, got = metrics.summary(y, p, threshold), metrics._draw_summary(y, p, threshold)
            for name in metrics.HEADLINE:
                assert got[name] == pytest.approx(want[name], abs=1e-12), (n, threshold, name)


def test_bootstrap_gives_the_table_summary_would_give(monkeypatch):
    """Same seed, same draws: the bootstrap with the NumPy metrics equals the one with summary()."""
    y, p, groups = _clustered()
    other = np.sqrt(p)[::-1]
    fast = metrics.bootstrap(y, p, 0.5, n_boot=100, seed=4, groups=groups)
    fast_pair = metrics.paired_auc_difference(y, p, other, groups=groups, n_boot=100, seed=4)
    monkeypatch.setattr(metrics, "_draw_summary", metrics.summary)
    monkeypatch.setattr(metrics, "pair_ranking_auc", skm.roc_auc_score)
    slow = metrics.bootstrap(y, p, 0.5, n_boot=100, seed=4, groups=groups)
    np.testing.assert_allclose(fast.to_numpy(float), slow.to_numpy(float), rtol=0, atol=1e-12)
    slow_pair = metrics.paired_auc_difference(y, p, other, groups=groups, n_boot=100, seed=4)
    np.testing.assert_allclose(fast_pair, slow_pair, rtol=0, atol=1e-12)


def test_bootstrap_redraws_single_class_draws_and_counts_them():
    y = np.array([0, 0, 1, 1])
    p = np.array([0.1, 0.4, 0.35, 0.8])
    table = metrics.bootstrap(y, p, n_boot=200, seed=0, groups=["a", "a", "b", "b"])
    assert table.attrs["redrawn"] > 0  # half the draws of two class-pure groups hold one class
    assert np.isfinite(table["low"]).all()
    with pytest.raises(ValueError, match="one class"):
        metrics.bootstrap(np.zeros(5), np.ones(5))
    with pytest.raises(ValueError, match="one group per row"):
        metrics.bootstrap(y, p, groups=["a", "b"])
    for labels in ([1, 2, 1, 2], [-1, 1, -1, 1]):  # the draws count label 1 as fake: refused, not misread
        with pytest.raises(ValueError, match=r"labels 0 \(real\) and 1 \(fake\)"):
            metrics.bootstrap(labels, p)
        with pytest.raises(ValueError, match=r"labels 0 \(real\) and 1 \(fake\)"):
            metrics.paired_auc_difference(labels, p, p[::-1])


def test_error_rate_interval_wilson_or_by_group():
    wrong = np.array([1] * 8 + [0] * 32, bool)
    rate, low, high = metrics.error_rate_interval(wrong)
    assert rate == 0.2 and (low, high) == metrics.wilson_interval(8, 40)
    groups = np.repeat(np.arange(5), 8)  # all 8 errors in one group of 5
    rate_g, low_g, high_g = metrics.error_rate_interval(wrong, groups, seed=0)
    assert rate_g == 0.2 and low_g <= 0.2 <= high_g and high_g - low_g > high - low
    assert metrics.error_rate_interval(wrong, groups, seed=0) == (rate_g, low_g, high_g)
    assert np.isnan(metrics.error_rate_interval(wrong, np.zeros(40))[1])  # one group: no interval


def test_error_rate_interval_all_groups_alike_falls_back_to_wilson_on_groups():
    groups = np.repeat(np.arange(5), 3)  # 5 groups of 3 images, every image wrong
    rate, low, high = metrics.error_rate_interval(np.ones(15, bool), groups)
    assert rate == 1.0 and high == 1.0 and low == metrics.wilson_interval(5, 5)[0]
    assert low < 0.6  # 5 groups, not 15 images: wide
    rate, low, high = metrics.error_rate_interval(np.zeros(15, bool), groups)
    assert rate == 0.0 and low == 0.0 and high == metrics.wilson_interval(0, 5)[1] > 0.4


def test_error_rates_by_class_and_group():
    frame = pd.DataFrame({"family": ["gan", "gan", "swap", "swap"] * 6, "y": [0, 1] * 12,
                          "wrong": [1, 0, 1, 1, 0, 0, 0, 1] * 3, "group": np.repeat(np.arange(6), 4)},
                         index=np.arange(24)[::-1])  # an index that is not 0..n-1
    table = metrics.error_rates_by(frame, "family", by_class=True, groups="group", n_boot=500)
    assert list(table.columns[:2]) == ["class", "family"] and len(table) == 4
    assert table["class"].tolist() == ["real", "real", "fake", "fake"]  # real first
    row = table.set_index(["class", "family"]).loc[("real", "gan")]
    assert row["images"] == 6 and row["errors"] == 3 and row["groups"] == 6
    assert (table["low"] <= table["error_rate"]).all() and (table["error_rate"] <= table["high"]).all()
    plain = metrics.error_rates_by(frame, "family")
    assert "groups" not in plain and plain["images"].tolist() == [12, 12]


def test_paired_auc_difference_is_an_interval_of_the_difference_resampling_groups():
    rng = np.random.default_rng(0)
    y = np.repeat([0, 1], 40)
    groups = np.arange(80) // 4  # 20 groups of 4 faces
    weak = rng.random(80) * 0.6 + 0.4 * y  # ranks fakes higher, imperfectly
    strong = 0.2 * rng.random(80) + 0.8 * y  # separates them
    same = metrics.paired_auc_difference(y, weak, weak, groups=groups, n_boot=200)
    assert same == (0.0, 0.0, 0.0)  # one model against itself: no difference on any resample
    diff, low, high = metrics.paired_auc_difference(y, weak, strong, groups=groups, n_boot=200)
    assert 0 < low <= diff <= high
    back = metrics.paired_auc_difference(y, strong, weak, groups=groups, n_boot=200)
    assert np.allclose(back, (-diff, -high, -low))  # the same resamples, the sign flipped


def test_error_rate_difference_resamples_groups_and_compares_rates():
    rng = np.random.default_rng(0)
    groups = np.repeat(np.arange(30), 4)
    in_a = np.tile([True, True, False, False], 30)  # every identity in both rows
    wrong = np.where(in_a, rng.random(120) < 0.4, False)  # row b: no errors at all
    diff, low, high = metrics.error_rate_difference(wrong, in_a, ~in_a, groups, seed=0)
    assert diff == pytest.approx(wrong[in_a].mean())
    assert 0 < low < diff < high  # the gap is shown, though row b's own interval is degenerate
    assert metrics.error_rate_difference(wrong, in_a, ~in_a, groups, seed=0) == (diff, low, high)
    same = metrics.error_rate_difference(wrong, in_a, in_a, groups, seed=0)
    assert same == (0.0, 0.0, 0.0)
    assert np.isnan(metrics.error_rate_difference(wrong, in_a, np.zeros(120, bool))[0])


def test_newcombe_difference_keeps_a_zero_rows_uncertainty():
    # 0 of 30 identities against 4 of 30, by hand: Wilson(0, 30) = (0, 0.11352),
    # Wilson(4, 30) = (0.05309, 0.29683); low = -0.13333 - (0.29683 - 0.13333),
    # high = -0.13333 + sqrt(0.11352^2 + (0.13333 - 0.05309)^2) = +0.00568
    diff, low, high = metrics.newcombe_difference(0.0, 30, 4 / 30, 30)
    assert diff == pytest.approx(-0.13333, abs=1e-4)
    assert low == pytest.approx(-0.29683, abs=1e-4) and high == pytest.approx(0.00568, abs=1e-4)
    back = metrics.newcombe_difference(4 / 30, 30, 0.0, 30)
    assert np.allclose(back, (-diff, -high, -low))
    assert np.isnan(metrics.newcombe_difference(0.1, 0, 0.2, 10)[1])


def test_error_rate_interval_with_errors_in_too_few_groups_falls_back_to_wilson():
    groups = np.repeat(np.arange(28), 2)
    wrong = np.zeros(56, bool)
    wrong[0] = True  # 1 error in 56 images, in one identity of 28
    rate, low, high = metrics.error_rate_interval(wrong, groups, seed=0)
    assert high < 0.06  # the bootstrap: every draw holds that identity 0 to 3 times
    rate, low, high = metrics.error_rate_interval(wrong, groups, seed=0, few=5)
    assert (low, high) == metrics.wilson_interval(rate * 28, 28) and high > 0.09


def test_error_rates_by_names_each_rows_interval():
    groups = np.repeat(np.arange(28), 2)
    frame = pd.DataFrame({"f": ["a"] * 56 + ["b"] * 56, "group": np.r_[groups, groups],
                          "wrong": np.r_[np.arange(56) == 0, np.arange(56) % 4 == 0]})
    table = metrics.error_rates_by(frame, "f", groups="group", seed=0, few=5, method=True)
    assert table["method"].tolist() == ["Wilson", "bootstrap"]
    a = table.iloc[0]  # 1 error in 56 images of 28 identities: an effective count of 0.5
    assert (a["low"], a["high"]) == metrics.wilson_interval(1 / 56 * 28, 28)
    assert "method" not in metrics.error_rates_by(frame, "f", groups="group", few=5)
    assert metrics.interval_method(frame["wrong"]) == "Wilson (images)"
    assert metrics.interval_method([True, False], [0, 0]) == "none"
