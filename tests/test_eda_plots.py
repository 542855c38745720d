"""dfkit.course.eda and dfkit.course.plots in process: numbers that can be checked by hand, figures that show them."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from dfkit.course import eda, plots
from dfkit.data import dataset as data  # noqa: E402
from dfkit.features import handcrafted as features


@pytest.fixture(scope="module")
def sample(synthetic_root):
    manifest = data.scan(synthetic_root, verbose=False)[0]
    part = data.sample_per_class(manifest, 12, seed=0)
    images, labels = data.load_arrays(part, 48)
    return manifest, part, images, labels


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# --------------------------------------------------------------------------- eda
def test_cohens_d_by_hand():
    assert eda.cohens_d([1, 2, 3], [3, 4, 5]) == pytest.approx(2.0)  # pooled sd 1, means 2 apart
    assert eda.cohens_d([1, 1], [1, 1]) == 0.0


def test_effect_sizes_rank_the_separating_descriptor_first():
    rng = np.random.default_rng(0)
    y = np.repeat([0, 1], 50)
    table = pd.DataFrame({"y": y, "noise": rng.normal(size=100), "signal": y + rng.normal(0, 0.1, 100)})
    sizes = eda.effect_sizes(table)
    assert sizes.index[0] == "signal" and sizes.loc["signal", "auc"] == pytest.approx(1.0)
    assert sizes.loc["signal", "cohens_d"] > 3 and abs(sizes.loc["noise", "auc"] - 0.5) < 0.2


def test_auc_intervals_resample_whole_groups():
    rng = np.random.default_rng(0)
    y = np.tile([0, 1], 40)
    groups = np.repeat(np.arange(10), 8)  # ten groups of four reals and four fakes
    # fakes differ from reals by an amount of their group's own, as one person's images do
    shift = np.repeat(rng.normal(0, 1, 10), 8)
    table = pd.DataFrame({"y": y, "signal": y + rng.normal(0, 0.1, 80),
                          "grouped": shift * y + rng.normal(0, 0.3, 80)})
    by_group = eda.auc_intervals(table, groups, n_boot=300)
    assert by_group.name == "auc_95" and list(by_group.index) == ["signal", "grouped"]
    assert by_group["signal"].left == by_group["signal"].right == 1.0
    assert by_group["grouped"].left < 0.5 < by_group["grouped"].right
    by_image = eda.auc_intervals(table, np.arange(80), n_boot=300)  # each image its own group
    assert by_image["grouped"].length < by_group["grouped"].length
    assert by_group.array.contains(0.5).tolist() == [False, True]


def test_mean_share_intervals_resample_whole_groups():
    y = np.tile([0, 1], 40)
    groups = np.repeat(np.arange(10), 8)  # ten groups of four reals and four fakes
    hits = pd.DataFrame({"always": np.ones(80, bool),
                         # right for every image of six groups, wrong for the other four
                         "by_group": np.repeat(np.arange(10) < 6, 8)})
    shares = eda.mean_share_intervals(hits, y, groups, n_boot=300)
    assert shares.name == "mean_95" and list(shares.index) == ["always", "by_group"]
    assert shares["always"].left == shares["always"].right == 1.0
    assert shares["by_group"].left < 0.6 < shares["by_group"].right
    by_image = eda.mean_share_intervals(hits, y, np.arange(80), n_boot=300)
    assert by_image["by_group"].length < shares["by_group"].length
    assert shares.array.contains(0.5).tolist() == [False, True]


def test_class_averages_are_the_means_of_each_class(sample):
    _, _, images, labels = sample
    averages = eda.class_averages(images, labels)
    hist = features.color_histograms(images)
    assert np.allclose(averages.colour_hist[1], hist[labels == 1].mean(0))
    assert averages.lbp_map[0].shape == (48, 48) and averages.lbp_hist[0].sum() == pytest.approx(1.0)


def test_describe_images_gives_one_bounded_row_per_image(sample):
    _, _, images, labels = sample
    table = eda.describe_images(images, labels, eda.class_averages(images, labels))
    assert len(table) == len(images) and table["y"].tolist() == labels.tolist()
    for column in ("edge_density", "brightness", "saturation", "hist_cos_real", "lbp_cos_fake"):
        assert table[column].between(0, 1).all(), column
    # against its own class average an image is, on average, closer than against the other's
    own = np.where(table["y"] == 1, table["lbp_cos_fake"], table["lbp_cos_real"])
    other = np.where(table["y"] == 1, table["lbp_cos_real"], table["lbp_cos_fake"])
    assert own.mean() >= other.mean()


# --------------------------------------------------------------------------- plots
def texts(fig) -> str:
    return " ".join(t.get_text() for t in fig.findobj(matplotlib.text.Text))


def test_data_figures_show_each_class_and_split(sample):
    manifest, part, images, labels = sample
    grid = plots.sample_grid(manifest, per_class=3, size=32)
    assert len(grid.axes) == 6 and len(grid.findobj(matplotlib.image.AxesImage)) == 6
    splits = data.make_splits(manifest, seed=0)
    assert "train" in texts(plots.class_balance(splits))
    mean = plots.mean_image(manifest, size=32, limit=10)
    assert mean.shape == (32, 32, 3) and 0 <= mean.min() and mean.max() <= 1
    averages = eda.class_averages(images, labels)
    assert len(plots.class_histograms(averages).axes) == 2
    assert "fake minus real" in texts(plots.class_maps(averages.lbp_map, "LBP"))
    families = plots.difference_maps({"faceswap": averages.lbp_map[1], "gan": averages.lbp_map[0]},
                                     averages.lbp_map[0])
    assert "faceswap minus real" in texts(families) and "gan minus real" in texts(families)
    assert "column" in texts(families) and "row" in texts(families)
    face = np.zeros(averages.lbp_map[0].shape, bool)
    face[4:-4, 4:-4] = True
    yardstick = plots.difference_maps({"faceswap": averages.lbp_map[1]}, averages.lbp_map[0],
                                      noise={"real half minus other half": averages.lbp_map[0]},
                                      outline=face, units="difference")
    assert "real half minus other half" in texts(yardstick) and len(yardstick.axes) == 3
    assert all(ax.collections for ax in yardstick.axes[:2])  # the outline on every map
    assert "fake minus real edges" in texts(plots.class_maps(averages.lbp_map, "LBP",
                                                             units="edges"))
    # one colour scale for both difference figures, when the chapter asks for it
    shared = [plots.class_maps(averages.lbp_map, "LBP", limit=7.0).axes[2],
              plots.difference_maps({"faceswap": averages.lbp_map[1]}, averages.lbp_map[0],
                                    limit=7.0).axes[0]]
    assert all(ax.get_images()[0].get_clim() == (-7.0, 7.0) for ax in shared)
    table = eda.describe_images(images, labels, averages)
    assert len(plots.feature_distributions(table, ["edge_density", "brightness"]).axes) == 2
    stack = features.feature_stack(images[:1])[0]
    assert "RGB" in texts(plots.feature_channels(stack, "one face"))
    shown = plots.image_grid(part["path"].tolist()[:4], ["a", "b", "c", "d"], size=32, columns=2)
    assert len(shown.findobj(matplotlib.image.AxesImage)) == 4


def test_result_figures_draw_what_they_are_given():
    history = pd.DataFrame({"accuracy": [0.5, 0.7], "val_accuracy": [0.5, 0.6], "loss": [0.7, 0.5]})
    curves = plots.training_curves(history, stopped_at=1)
    assert len(curves.axes) == 2 and len(curves.axes[0].lines) == 3  # train, validation, stop line
    assert [ax.get_title() for ax in curves.axes] == ["accuracy", "loss (binary cross-entropy)"]
    kept = plots.training_curves(history.set_axis([1, 2]), stopped_at=1, kept_at=2)
    assert len(kept.axes[0].lines) == 4  # and the kept epoch's line
    assert kept.axes[0].get_xlim()[0] < 0.5  # a line at the first epoch stays in view
    auc = plots.training_curves(pd.DataFrame({"auc": [0.5, 0.7], "val_auc": [0.5, 0.6]}), ("auc",))
    assert auc.axes[0].get_title() == "ROC-AUC"  # a reader's name, not Keras's key
    two = plots.training_curves(history.set_axis([1, 2]), ("accuracy", "loss"), kept_at=2,
                                chance=0.5, sharey=True)
    assert two.axes[0].get_ylim() == two.axes[1].get_ylim()  # one y-range for the panels
    assert two.axes[0].get_legend() is None  # the legend sits under the panels, off the data
    assert "chance" in [t.get_text() for t in two.legends[0].get_texts()]
    assert [int(t) for t in two.axes[0].get_xticks()] == [1, 2]  # every epoch labelled
    # a chance line only where the metric has one (recall does not): still in the legend
    some = plots.training_curves(history.set_axis([1, 2]), ("loss", "accuracy"),
                                 chance={"accuracy": 0.5})
    assert [len(ax.lines) for ax in some.axes] == [1, 3]  # loss: train only; accuracy: +chance
    assert "chance" in [t.get_text() for t in some.legends[0].get_texts()]
    # the loss's line at log 2 is a constant's, not a coin toss's: its own legend entry
    named = plots.training_curves(history.set_axis([1, 2]), ("accuracy", "loss"),
                                  chance={"accuracy": 0.5, "loss": np.log(2)},
                                  chance_labels={"loss": "says 0.5 to every face"})
    legend = [t.get_text() for t in named.legends[0].get_texts()]
    assert "chance" in legend and "says 0.5 to every face" in legend
    counts = {"tn": 7, "fp": 3, "fn": 2, "tp": 8}
    cm = plots.confusion_matrices({"model": counts})
    assert {"7", "3", "2", "8"} <= set(texts(cm).split())
    pair = plots.confusion_matrices({"a": counts, "b": {"tn": 1, "fp": 1, "fn": 1, "tp": 2}})
    scales = {ax.collections[0].get_clim() for ax in pair.axes}
    assert scales == {(0, 8)}  # one colour scale: equal colours mean equal counts
    y = np.repeat([0, 1], 20)
    curves = plots.roc_pr_curves(y, {"perfect": y.astype(float), "chance": np.full(40, 0.5)})
    assert "perfect (AUC = 1.00)" in texts(curves)
    # the precision axis starts just under the lowest drawn precision (here the always-fake
    # line at 0.5), not at 0
    assert curves.axes[1].get_ylim() == (0.4, 1.02)
    # axes say what they count, not scikit-learn's "(Positive label: 1)"; chance is in the legend
    assert "Positive label" not in texts(curves) and "recall (fakes caught)" in texts(curves)
    assert "chance" in [t.get_text() for t in curves.axes[0].get_legend().get_texts()]
    rates = pd.DataFrame({"family": ["gan", "faceswap"], "error_rate": [0.1, 0.3], "low": [0.05, 0.2],
                          "high": [0.2, 0.4], "images": [50, 40]})
    assert "(n=50)" in texts(plots.error_rates(rates, "family"))
    assert len(plots.metric_bars(pd.DataFrame({"a": [0.5, 0.6], "b": [0.7, 0.8]}, index=["x", "y"])).axes) == 1


def test_metric_bars_keep_the_legend_off_the_bars():
    """Bars that reach 1 (a recall of 1.0 is common in chapter 05) stay visible beside the legend."""
    fig = plots.metric_bars(pd.DataFrame({"search A": [1.0, 0.2, 0.98], "search B": [0.9, 1.0, 0.5]},
                                         index=["recall", "specificity", "roc_auc"]))
    fig.canvas.draw()
    ax, renderer = fig.axes[0], fig.canvas.get_renderer()
    legend = ax.get_legend().get_window_extent(renderer)
    bars = [patch.get_window_extent(renderer) for patch in ax.patches]
    assert len(bars) == 6 and not any(legend.overlaps(bar) for bar in bars)
    assert legend.x1 <= fig.bbox.x1  # and the legend is inside the figure, not cut off
    runs = pd.DataFrame({"model": ["cnn"] * 4, "inputs": ["rgb", "rgb", "stack", "stack"], "seed": [0, 1, 0, 1],
                         "roc_auc": [0.8, 0.82, 0.9, 0.88]})
    assert "cnn" in texts(plots.ablation(runs))
    assert "0.900" in texts(plots.heatmap(pd.DataFrame({"gan": [0.9]}, index=["gan"])))


def test_error_rates_colour_by_class_and_share_a_scale():
    """Chapter 07's factor figures: real and fake bars differ in colour, named in a legend, and
    ``ymax`` puts several figures on one scale (a reader compared bars across figures)."""
    table = pd.DataFrame({"class": ["fake", "fake", "real"], "blur": ["fake: no", "fake: yes", "real: no"],
                          "error_rate": [0.2, 0.3, 0.1], "low": [0.1, 0.2, 0.05],
                          "high": [0.3, 0.4, 0.2], "images": [10, 12, 14]})
    fig = plots.error_rates(table, "blur", ymax=0.8)
    ax = fig.axes[0]
    colours = {tuple(p.get_facecolor()) for p in ax.patches}
    assert len(colours) == 2 and ax.get_ylim() == (0, 0.8)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["real", "fake"]


def test_heatmap_grid_has_one_colour_scale(tmp_path):
    """Grad-CAM overlays come with a colour bar saying what red means (scaled per image)."""
    import cv2

    paths = []
    for i in range(2):
        path = tmp_path / f"face{i}.png"
        cv2.imwrite(str(path), np.full((16, 16, 3), 100 + 50 * i, np.uint8))
        paths.append(str(path))
    plain = plots.image_grid(paths, ["a", "b"], size=16)
    heat = plots.image_grid(paths, ["a", "b"], size=16, overlays=np.zeros((2, 16, 16)))
    assert len(heat.axes) == len(plain.axes) + 1
    assert "peak" in heat.axes[-1].get_ylabel()
    # a ch07 reader could not see the shadow under the heat: each face bare above its heatmap
    both = plots.image_grid(paths, ["a", "b"], size=16, overlays=np.zeros((2, 16, 16)),
                            originals=True, columns=2)
    assert len(both.axes) == 2 * 2 + 1  # two rows of two, and the colour bar
    grid = [ax for ax in both.axes[:-1]]
    assert [len(ax.images) for ax in grid] == [1, 1, 2, 2]  # bare row, then heat row
    assert [ax.get_title() for ax in grid] == ["a", "b", "", ""]


def test_ablation_plot_bars_the_range_of_the_runs_and_shows_every_dot():
    """A ch08 reader: mean ± SD of three runs drew RGB's bar above 1.0 (no ROC-AUC gets there),
    the stack's dots hid under its mean marker, and the axis read the column name `roc_auc`."""
    runs = pd.DataFrame({"model": ["Model 1"] * 6, "inputs": ["rgb"] * 3 + ["stack (all 6)"] * 3,
                         "seed": [0, 1, 2] * 2, "roc_auc": [0.99, 0.98, 0.70, 0.901, 0.90, 0.899]})
    fig = plots.ablation(runs)
    ax = fig.axes[0]
    tops = [max(y for _, y in seg) for c in ax.collections for seg in c.get_segments()]
    lows = [min(y for _, y in seg) for c in ax.collections for seg in c.get_segments()]
    assert tops and max(tops) <= 1.0
    assert sorted(tops) == pytest.approx([0.901, 0.99]) and sorted(lows) == pytest.approx([0.70, 0.899])
    dots = [line for line in ax.get_lines() if line.get_marker() == "o"]
    means = [line for line in ax.get_lines() if line.get_marker() == "s"]
    assert sum(len(d.get_xdata()) for d in dots) == 6
    for dot, mean in zip(dots, means):  # beside the mean's marker, apart, and drawn above it
        xs = dot.get_xdata()
        assert min(abs(xs - mean.get_xdata()[0])) > 0.1 and len(set(xs)) == len(xs)
        assert dot.get_zorder() > mean.get_zorder()
    assert ax.get_ylabel() == "test ROC-AUC"
    assert all(t.get_rotation() == 0 for t in ax.get_xticklabels())
    # chance, for scale: a dotted line at 0.5, in view (a ch08 reader's axis began at 0.65)
    assert any(line.get_linestyle() == ":" and list(line.get_ydata()) == [0.5, 0.5]
               for line in ax.get_lines())
    assert ax.get_ylim()[0] < 0.5


def test_error_rates_draws_a_named_reference_line():
    import matplotlib

    matplotlib.use("Agg")
    table = pd.DataFrame({"skin": ["darker", "lighter"], "error_rate": [0.2, 0.1],
                          "low": [0.1, 0.05], "high": [0.3, 0.2], "groups": [5, 6]})
    fig = plots.error_rates(table, "skin", count="groups", reference=0.15,
                            reference_name="all real faces", interval_name="95% interval")
    ax = fig.axes[0]
    assert any(list(line.get_ydata()) == [0.15, 0.15] for line in ax.get_lines())
    # named in a legend off the bars (a ch11 reader: the label sat on the first bar), and the
    # whiskers say what they are
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["all real faces 0.150",
                                                                   "95% interval"]
    fig.canvas.draw()
    legend = ax.get_legend().get_window_extent(fig.canvas.get_renderer())
    assert legend.x0 >= ax.get_window_extent().x1 and not ax.texts


def test_differences_plot_marks_zero_and_each_interval():
    table = pd.DataFrame({"class": ["fake", "real"], "difference": [-0.1, 0.4],
                          "low": [-0.3, 0.2], "high": [0.05, 0.6]})
    fig = plots.differences(table, ["blur, fake", "blur, real"], title="t")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["blur, fake", "blur, real"]
    assert any(list(line.get_xdata()) == [0, 0] for line in ax.get_lines())  # the zero line
    plt.close(fig)


def test_metric_bars_name_the_axis_and_draw_the_chance_line():
    """Chapter 05's figure: long legend labels (search, trial, epoch), a y label, chance at 0.5."""
    rows = ["accuracy", "recall", "specificity", "balanced_accuracy", "f1", "roc_auc"]
    fig = plots.metric_bars(pd.DataFrame({"val_recall search, trial 2, epoch 1": [0.5] * 6,
                                          "val_auc search, trial 2, epoch 10": [0.8] * 6},
                                         index=rows),
                            ylabel="score on test", chance=0.5,
                            chance_label="chance (ROC-AUC, balanced accuracy)")
    fig.canvas.draw()
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "chance (ROC-AUC, balanced accuracy)" in labels and "val_auc search, trial 2, epoch 10" in labels
    assert ax.get_ylabel() == "score on test"
    assert any(list(line.get_ydata()) == [0.5, 0.5] for line in ax.get_lines())
    renderer = fig.canvas.get_renderer()
    assert ax.get_legend().get_window_extent(renderer).x1 <= fig.bbox.x1
    ticks = [t.get_window_extent(renderer) for t in ax.get_xticklabels()]
    assert not any(a.overlaps(b) for a, b in zip(ticks, ticks[1:])), "the metric names overlap"
