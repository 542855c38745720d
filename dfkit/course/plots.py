"""Figures the chapters share: sample grids and the like."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.legend_handler import HandlerTuple
from matplotlib.ticker import MaxNLocator

from dfkit.data.dataset import load_image


def sample_grid(manifest: pd.DataFrame, per_class: int = 5, seed: int = 0, size: int = 128,
                columns: tuple[str, ...] = ("family",)) -> plt.Figure:
    """A row of random real faces above a row of random fakes, titled with their manifest facts.

    One shuffle of the whole manifest, then the first ``per_class`` of each class: the two rows
    are independent draws (one seed per class on two lists laid out alike would pair the columns,
    a real face over a fake of its own group)."""
    fig, axes = plt.subplots(2, per_class, figsize=(2.2 * per_class, 5), squeeze=False)
    shuffled = manifest.sample(frac=1.0, random_state=seed)
    for row, (label, title) in enumerate((("real", "real"), ("deepfake", "fake"))):
        picks = shuffled[shuffled["label"] == label].head(per_class)
        for ax in axes[row]:
            ax.axis("off")
        for ax, (_, r) in zip(axes[row], picks.iterrows()):
            ax.imshow(load_image(r["path"], size))
            extra = " ".join(str(r[c]) for c in columns if c in r and pd.notna(r[c]) and r[c] != "none")
            ax.set_title(f"{title} {extra}\n{r['group']}", fontsize=8)
    fig.tight_layout()
    return fig


def class_balance(splits) -> plt.Figure:
    """Bar chart of real and fake counts in each split."""
    table = splits.table()[["real", "deepfake"]]
    ax = table.plot.bar(rot=0, figsize=(5, 3), color=[CLASS_COLOURS["real"], CLASS_COLOURS["fake"]])
    ax.set_ylabel("images")
    ax.set_title(f"{splits.strategy} split")
    for container in ax.containers:
        ax.bar_label(container, fontsize=8)
    ax.figure.tight_layout()
    return ax.figure


def mean_image(manifest: pd.DataFrame, size: int = 64, limit: int = 200, seed: int = 0) -> np.ndarray:
    """The average face of (at most ``limit`` images of) a manifest, as float RGB in [0, 1]."""
    rows = manifest.sample(n=min(limit, len(manifest)), random_state=seed)
    return np.mean([load_image(p, size) / 255.0 for p in rows["path"]], axis=0)


CLASS_NAMES = {0: "real", 1: "fake"}
CLASS_COLOURS = {"real": "#4c72b0", "fake": "#dd8452"}  # every figure that colours the classes
RGB_COLOURS = ("tab:red", "tab:green", "tab:blue")
RGB_NAMES = ("red", "green", "blue")


def class_histograms(averages) -> plt.Figure:
    """The paper's Figs 1-2: average RGB histogram of real and of fake images, side by side."""
    fig, axes = plt.subplots(1, 2, figsize=(10, 3), sharey=True)
    for ax, y in zip(axes, (0, 1)):
        for c, colour in enumerate(RGB_COLOURS):
            ax.plot(averages.colour_hist[y][c], color=colour, lw=1, label=RGB_NAMES[c])
        ax.set_title(f"average {CLASS_NAMES[y]} colour histogram")
        ax.set_xlabel("intensity")
    axes[0].set_ylabel("share of pixels")
    axes[1].legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    fig.tight_layout()
    return fig


def class_maps(maps: dict, title: str, cmap: str = "magma", units: str | None = None,
               limit: float | None = None) -> plt.Figure:
    """Average maps of each class and their difference (Figs 3-4 for LBP; also edge density);
    ``units`` labels the colour bars (what one unit of the map is; the difference's bar says
    "fake minus real"); the bars stand apart from the maps, so that a map's edge column stays
    visible; rows and columns ticked from 0 at the top left corner, as ``difference_maps``.
    ``limit``: the difference's colour scale runs from -limit to limit (by default its own
    largest gap), so that it can share one scale with a ``difference_maps`` figure."""
    fig, axes = plt.subplots(1, 3, figsize=(10, 3.4))
    low = float(min(np.min(maps[0]), np.min(maps[1])))  # one colour scale for both classes,
    high = float(max(np.max(maps[0]), np.max(maps[1])))  # so equal colours mean equal values
    for ax, y in zip(axes, (0, 1)):
        im = ax.imshow(maps[y], cmap=cmap, vmin=low, vmax=high)
        ax.set_title(f"average {CLASS_NAMES[y]} {title}")
        bar = fig.colorbar(im, ax=ax, fraction=0.046, pad=0.06)
        if units:
            bar.set_label(units)
    diff = maps[1] - maps[0]
    lim = limit or float(np.abs(diff).max()) or 1.0
    im = axes[2].imshow(diff, cmap="coolwarm", vmin=-lim, vmax=lim)
    axes[2].set_title("fake minus real")
    bar = fig.colorbar(im, ax=axes[2], fraction=0.046, pad=0.06)
    if units:
        bar.set_label(f"fake minus real {units}")
    for ax in axes:
        _pixel_axes(ax, np.shape(diff))
    fig.tight_layout()
    return fig


def _pixel_axes(ax, shape) -> None:
    """Rows and columns ticked every 16 pixels from 0 at the top left corner, so that a
    reading's (row, column) can be found on a map."""
    ticks = range(0, max(shape), 16)
    ax.set_xticks([t for t in ticks if t < shape[1]])
    ax.set_yticks([t for t in ticks if t < shape[0]])
    ax.tick_params(labelsize=7)
    ax.set_xlabel("column", fontsize=8)
    ax.set_ylabel("row", fontsize=8)


def feature_distributions(table: pd.DataFrame, columns: list[str], label: str = "y") -> plt.Figure:
    """Histogram of each descriptor for real and fake images: do the classes overlap?"""
    import seaborn as sns

    fig, axes = plt.subplots(1, len(columns), figsize=(3.2 * len(columns), 2.8), squeeze=False)
    named = table.assign(**{"class": table[label].map(CLASS_NAMES)})
    for i, (ax, col) in enumerate(zip(axes[0], columns)):
        # outlines, not fills: overlapping fills would mix a third colour the legend lacks
        sns.histplot(named, x=col, hue="class", stat="density", common_norm=False, element="step",
                     fill=False, linewidth=1.5, ax=ax, palette=CLASS_COLOURS)
        # the x label names the descriptor; the y axis is a density, not a count: each class's
        # histogram has area 1, so its heights scale with 1 / (the x axis's range)
        ax.set_ylabel("density (area 1 per class)")
        if i < len(columns) - 1 and ax.get_legend() is not None:
            ax.get_legend().remove()
    last = axes[0][-1]
    if last.get_legend() is not None:  # one legend, beside the panels, off the bars
        sns.move_legend(last, "upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8)
    fig.tight_layout()
    return fig


#: what each handcrafted channel of the stack holds, for panel titles a reader understands
CHANNEL_TITLES = {"lbp": "LBP code / 255", "edge_density": "local edge density",
                  "histogram_heatmap": "colour-histogram heatmap"}


def feature_channels(stack: np.ndarray, title: str = "") -> plt.Figure:
    """The six channels of one image's feature stack, side by side."""
    from dfkit.features.handcrafted import CHANNELS

    fig, axes = plt.subplots(1, 4, figsize=(12, 3))
    axes[0].imshow(stack[..., :3])
    axes[0].set_title("RGB, channels 0-2", fontsize=9)
    for ax, k in zip(axes[1:], (3, 4, 5)):
        # each panel stretches its own range (LBP codes fill [0, 1], the edge density of a
        # face rarely exceeds one half), and its colour bar gives the values
        im = ax.imshow(stack[..., k], cmap="gray", vmin=0, vmax=float(stack[..., k].max()) or 1.0)
        ax.set_title(f"{CHANNEL_TITLES.get(CHANNELS[k], CHANNELS[k])}, channel {k}", fontsize=9)
        fig.colorbar(im, ax=ax, fraction=0.046)
    for ax in axes:
        ax.axis("off")
    fig.suptitle(title)
    fig.tight_layout()
    return fig


#: what metric keys mean (a Keras history's, and the summaries' and run tables'), for a reader
METRIC_NAMES = {"auc": "ROC-AUC", "loss": "loss (binary cross-entropy)", "accuracy": "accuracy",
                "recall": "recall (fakes found)", "precision": "precision",
                "roc_auc": "ROC-AUC", "balanced_accuracy": "balanced accuracy",
                "specificity": "specificity"}


def training_curves(history: pd.DataFrame, metrics: tuple[str, ...] = ("accuracy", "recall", "loss"),
                    title: str = "", stopped_at: int | None = None,
                    stop_label: str = "stopped", kept_at: int | None = None,
                    kept_label: str = "kept", chance: float | dict[str, float] | None = None,
                    sharey: bool = False,
                    chance_labels: dict[str, str] | None = None) -> plt.Figure:
    """Train and validation curves per epoch (the paper's Figs 7-10), one panel per metric;
    ``stopped_at`` draws a dashed line at that epoch, named ``stop_label`` in the legend, and
    ``kept_at`` a dotted one (the epoch whose weights were restored), named ``kept_label``.
    ``chance`` draws a black dotted line at that value in every panel, or, as a dict
    (``{"accuracy": 0.5, "auc": 0.5}``), only in the panels it names (recall has no chance
    level: a model that calls every face fake reaches 1). ``chance_labels`` names a panel's
    line otherwise than "chance" in the legend (the loss of saying 0.5 to every face is a
    constant's, not a coin toss's), drawn dash-dotted in grey so that the two entries differ.
    ``sharey`` gives the panels one
    y-range. A margin each side keeps a line at the first or last epoch in view; every epoch
    gets a tick up to 20 epochs; one legend, below the panels, serves them all."""
    shown = [m for m in metrics if m in history]
    if chance is not None and not isinstance(chance, dict):
        chance = dict.fromkeys(shown, chance)
    fig, axes = plt.subplots(1, len(shown), figsize=(4 * len(shown), 3), squeeze=False,
                             sharey=sharey)
    for ax, m in zip(axes[0], shown):
        # the data above the marker lines (zorder), so a point on one stays visible
        ax.plot(history.index, history[m], "o-", label="train", ms=3, zorder=3)
        if f"val_{m}" in history:
            ax.plot(history.index, history[f"val_{m}"], "o-", label="validation", ms=3,
                    zorder=3)
        if chance and m in chance:
            named = (chance_labels or {}).get(m)
            ax.axhline(chance[m], color="dimgray" if named else "black",
                       ls="-." if named else ":", lw=1.2, label=named or "chance",
                       zorder=1)
        if stopped_at:
            ax.axvline(stopped_at, color="tab:red", ls="--", lw=1.6, label=stop_label,
                       alpha=0.5, zorder=1)
        if kept_at:
            ax.axvline(kept_at, color="tab:green", ls=":", lw=1.8, label=kept_label,
                       alpha=0.7, zorder=1)
        ax.set_xlim(history.index.min() - 0.8, history.index.max() + 0.5)
        ax.set_xlabel("epoch")
        if len(history) <= 20:  # a tick at every epoch, so marked epochs are labelled
            ax.set_xticks(list(history.index))
        else:
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # whole numbers
        ax.set_title(METRIC_NAMES.get(m, m))  # it names the y-axis: no label repeats it
    if chance:  # room under the lowest chance line, so a point on it is not on the edge
        for ax, m in zip(axes[0], shown):
            if m in chance:
                low, high = ax.get_ylim()
                ax.set_ylim(min(low, chance[m] - 0.05), high)
    if sharey:
        for ax in axes[0][1:]:
            ax.tick_params(labelleft=True)  # each panel keeps its numbers
    # one legend for the figure, below the panels: the colours mean the same in each
    handles, labels = {}, []  # every panel's entries once (chance may be in some only)
    for ax in axes[0]:
        for handle, label in zip(*ax.get_legend_handles_labels()):
            handles.setdefault(label, handle)
    handles, labels = list(handles.values()), list(handles)
    fig.legend(handles, labels, loc="lower center", ncol=len(labels), fontsize=9,
               frameon=False, borderaxespad=0.1)
    fig.suptitle(title)
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    return fig


def confusion_matrices(results: dict[str, dict], title: str = "") -> plt.Figure:
    """Confusion matrices side by side (the paper's Figs 13-14), rows true class, columns predicted.
    One colour scale for all panels (0 to the largest count), so equal colours mean equal counts."""
    import seaborn as sns

    fig, axes = plt.subplots(1, len(results), figsize=(3.6 * len(results), 3.2), squeeze=False)
    top = max(max(r[k] for k in ("tn", "fp", "fn", "tp")) for r in results.values())
    for ax, (name, r) in zip(axes[0], results.items()):
        cm = np.array([[r["tn"], r["fp"]], [r["fn"], r["tp"]]])
        sns.heatmap(cm, annot=True, fmt="d", cbar=False, cmap="Blues", ax=ax, vmin=0, vmax=top,
                    xticklabels=["real", "fake"], yticklabels=["real", "fake"])
        ax.set_xlabel("predicted")
        ax.set_ylabel("true")
        ax.set_title(name, fontsize=9)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def roc_pr_curves(y_true: np.ndarray, scores: dict[str, np.ndarray]) -> plt.Figure:
    """ROC and precision-recall curves of several models on the same labels."""
    from sklearn.metrics import PrecisionRecallDisplay, RocCurveDisplay

    fig, (roc, pr) = plt.subplots(1, 2, figsize=(8, 4.6))  # square panels, no gap between
    for name, p in scores.items():
        RocCurveDisplay.from_predictions(y_true, p, name=name, ax=roc)
        PrecisionRecallDisplay.from_predictions(y_true, p, name=name, ax=pr)
    roc.plot([0, 1], [0, 1], "k:", lw=1, label="chance")
    pr.axhline(float(np.mean(y_true)), color="k", ls=":", lw=1, label="always fake")
    # precision from just under its lowest drawn value (the always-fake line at most), so
    # the curves are not squeezed into the top of the panel
    lowest = min(float(np.min(line.get_ydata())) for line in pr.lines)
    pr.set_ylim(max(0.0, np.floor(10 * lowest - 0.5) / 10), 1.02)
    pr.set_aspect("auto")  # scikit-learn's equal aspect would flatten the shorter axis;
    pr.set_box_aspect(1)  # the panel stays as square as the ROC one
    for ax in (roc, pr):  # legends below the panels, clear of the curves
        ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.18))
    # scikit-learn's labels say "(Positive label: 1)"; say what the axes count here
    roc.set_xlabel("false-positive rate (real faces called fake)")
    roc.set_ylabel("recall (fakes caught)")
    pr.set_xlabel("recall (fakes caught)")
    pr.set_ylabel("precision (flags that are fakes)")
    roc.set_title("ROC")
    pr.set_title("precision-recall")
    fig.tight_layout()
    return fig


def image_grid(paths: list[str], titles: list[str], size: int = 128, overlays: np.ndarray | None = None,
               columns: int = 5, originals: bool = False) -> plt.Figure:
    """Images with titles (e.g. 'T: real, P: fake'), optionally with a heatmap over each;
    ``originals=True`` shows each row of faces bare above the same faces with their heatmaps."""
    rows = max(1, int(np.ceil(len(paths) / columns)))
    bare = overlays is not None and originals
    fig, axes = plt.subplots(rows * (1 + bare), columns, figsize=(2.3 * columns, 2.5 * rows * (1 + bare)),
                             squeeze=False)
    for ax in axes.ravel():
        ax.axis("off")
    for i, (path, title) in enumerate(zip(paths, titles)):
        row, col = divmod(i, columns)
        ax = axes[row * (1 + bare) + bare, col]
        ax.imshow(load_image(path, size))
        if overlays is not None:
            ax.imshow(overlays[i], cmap="jet", alpha=0.4, extent=(-0.5, size - 0.5, size - 0.5, -0.5))
        if bare:
            axes[row * 2, col].imshow(load_image(path, size))
            axes[row * 2, col].set_title(title, fontsize=8)
        else:
            ax.set_title(title, fontsize=8)
    fig.tight_layout()
    if overlays is not None:  # one scale for every heatmap, in a strip right of the grid
        fig.subplots_adjust(right=0.9)
        bar = fig.add_axes((0.92, 0.2, 0.015, 0.6))
        scale = plt.cm.ScalarMappable(cmap="jet", norm=plt.Normalize(0, 1))
        fig.colorbar(scale, cax=bar).set_label("heat (1: this image's peak)", fontsize=8)
        bar.tick_params(labelsize=7)
    return fig


def error_rates(table: pd.DataFrame, column: str, title: str = "", ylabel: str = "error rate",
                count: str = "images", count_name: str = "n",
                ymax: float | None = None, reference: float | None = None,
                reference_name: str = "overall", interval_name: str | None = None) -> plt.Figure:
    """Error rate per value of ``column`` with 95% intervals and a count under each bar
    (``count``: the table's column to show, e.g. "groups" for people, named ``count_name``).
    Bars take their class's colour when the table has a ``class`` column; ``ymax`` gives
    several figures one scale, so their bars compare by eye; ``reference``: a dashed line at
    that rate (e.g. the overall one), named ``reference_name``; ``interval_name``: what the
    whiskers are (e.g. how the interval was computed). The classes, the reference line and the
    whiskers are named in a legend right of the axes, off the bars."""
    keyed = reference is not None or interval_name is not None
    fig, ax = plt.subplots(figsize=(max(4, 1.1 * len(table)) + (2.2 if keyed else 0), 3))
    x = np.arange(len(table))
    colours = (table["class"].map(CLASS_COLOURS).fillna(CLASS_COLOURS["fake"]) if "class" in table
               else CLASS_COLOURS["fake"])
    ax.bar(x, table["error_rate"], color=colours)
    handles, names = [], []
    if "class" in table:  # a legend of the classes present, off the bars
        shown = [c for c in CLASS_COLOURS if c in set(table["class"])]
        handles += [plt.Rectangle((0, 0), 1, 1, color=CLASS_COLOURS[c]) for c in shown]
        names += shown
    if ymax is not None:
        ax.set_ylim(0, ymax)
    whiskers = ax.errorbar(x, table["error_rate"], yerr=[table["error_rate"] - table["low"],
                                                          table["high"] - table["error_rate"]],
                           fmt="none", color="k", capsize=3)
    if reference is not None:
        handles.append(ax.axhline(reference, ls="--", color="grey", lw=1))
        names.append(f"{reference_name} {reference:.3f}")
    if interval_name is not None:
        handles.append(whiskers)
        names.append(interval_name)
    if handles:
        ax.legend(handles, names, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1),
                  frameon=False)
    ax.set_xticks(x, [f"{v}\n({count_name}={n})" for v, n in zip(table[column], table[count])],
                  fontsize=9)
    ax.set_ylabel(ylabel)
    ax.set_title(title or f"errors by {column}")
    fig.tight_layout()
    return fig


def differences(table: pd.DataFrame, labels: list[str], title: str = "") -> plt.Figure:
    """Differences of two rates, one row each (``table``: difference, low, high and, when
    present, class for the colour and method for the marker), as points with their 95%
    intervals and a line at zero: a filled marker is an interval that excludes zero, a hollow
    one an interval that crosses the line, which this data cannot tell from no difference."""
    fig, ax = plt.subplots(figsize=(6.5, 0.3 * len(table) + 1.2))
    y = np.arange(len(table))[::-1]
    colours = (table["class"].map(CLASS_COLOURS).fillna("k").tolist() if "class" in table
               else ["k"] * len(table))
    markers = {"bootstrap": "o", "Newcombe": "s"}
    ax.axvline(0, color="grey", lw=1)
    for (_, row), at, colour in zip(table.iterrows(), y, colours):
        excludes = row["low"] > 0 or row["high"] < 0
        ax.errorbar(row["difference"], at, xerr=[[row["difference"] - row["low"]],
                                                 [row["high"] - row["difference"]]],
                    fmt=markers.get(row.get("method"), "o"), ms=5, color=colour, capsize=2,
                    markerfacecolor=colour if excludes else "white")
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_xlabel("difference of error rates (95% interval)")
    ax.set_title(title)
    handles, names = [], []
    if "class" in table:
        for c in [c for c in CLASS_COLOURS if c in set(table["class"])]:
            handles.append(plt.Line2D([], [], marker="o", ls="", color=CLASS_COLOURS[c]))
            names.append(c)
    # shape says the method, fill the verdict: each shape's entry shows it in both fills
    # (a half-filled glyph read as a third verdict), each fill's entry every shape used
    used = [m for m in markers if "method" in table and m in set(table["method"])] or ["bootstrap"]
    if "method" in table:
        said = {"bootstrap": "circle, either fill:\nresamples identities",
                "Newcombe": "square, either fill:\nNewcombe's interval"}
        for m in used:
            handles.append(tuple(plt.Line2D([], [], marker=markers[m], ls="", color="grey",
                                            markerfacecolor=fill)
                                 for fill in ("grey", "white")))
            names.append(said[m])
    for fill, name in (("grey", "filled: excludes 0"), ("white", "hollow: includes 0")):
        handles.append(tuple(plt.Line2D([], [], marker=markers[m], ls="", color="grey",
                                        markerfacecolor=fill) for m in used))
        names.append(name)
    ax.legend(handles, names, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1),
              frameon=False, handler_map={tuple: HandlerTuple(ndivide=None)})
    fig.tight_layout()
    return fig


def metric_bars(table: pd.DataFrame, title: str = "", ylabel: str = "",
                chance: float | None = None, chance_label: str = "chance") -> plt.Figure:
    """Grouped bars: one group per metric (rows), one bar per model or setting (columns). The legend
    sits right of the axes: inside, it would hide the bars that reach 1. ``chance``: a dashed
    line at that value (e.g. 0.5 for ROC-AUC and balanced accuracy), named ``chance_label``."""
    names = [*map(str, table.columns), chance_label if chance is not None else ""]
    legend = 1.5 + 0.065 * max(0, max(map(len, names)) - 20)  # inches: long names widen it
    ax = table.plot.bar(rot=0, figsize=(max(6, 1.3 * len(table)) + legend, 3.2), ylim=(0, 1))
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    if chance is not None:
        ax.axhline(chance, color="grey", ls="--", lw=0.8, label=chance_label)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    ax.figure.tight_layout()
    return ax.figure


CHANCE_AT_HALF = ("roc_auc", "auc", "balanced_accuracy")  # a coin's score on these


def ablation(runs: pd.DataFrame, metric: str = "roc_auc") -> plt.Figure:
    """Each input's runs as dots beside their mean and range, one panel per model: is a gap
    bigger than the spread?

    The bar runs from the lowest run to the highest (never past what the metric can reach, as
    mean ± SD of three runs can); the dots sit side by side to the left of it, drawn on top,
    so that no run hides under the mean's marker or under another run of the same score.
    Where chance is 0.5 (ROC-AUC, balanced accuracy) a dotted line marks it, in view."""
    models = list(dict.fromkeys(runs["model"]))
    fig, axes = plt.subplots(1, len(models), figsize=(5 * len(models), 3.2), squeeze=False, sharey=True)
    for ax, model in zip(axes[0], models):
        rows = runs[runs["model"] == model]
        inputs = list(dict.fromkeys(rows["inputs"]))
        for i, name in enumerate(inputs):
            vals = rows.loc[rows["inputs"] == name, metric].to_numpy(dtype=float)
            mean = vals.mean()
            ax.errorbar(i + 0.08, mean, yerr=[[mean - vals.min()], [vals.max() - mean]], fmt="s",
                        color="tab:red", capsize=4, zorder=2,
                        label="mean, bar: lowest to highest run" if i == 0 else None)
            spread = np.linspace(-0.06, 0.06, len(vals)) if len(vals) > 1 else np.zeros(1)
            ax.plot(i - 0.12 + spread, vals, "o", color="dimgrey", alpha=0.8,
                    mfc="none", zorder=3, label="one run (seed)" if i == 0 else None)
        many = len(inputs) > 3  # long input names side by side overlap: tilt them only then
        ax.set_xticks(range(len(inputs)), inputs, rotation=30 if many else 0,
                      ha="right" if many else "center", fontsize=10)
        ax.set_xlim(-0.6, len(inputs) - 0.4)
        ax.set_title(model)
        if metric in CHANCE_AT_HALF:  # chance in view, for scale
            ax.axhline(0.5, color="black", ls=":", lw=1.2, zorder=1,
                       label="chance" if ax is axes[0][0] else None)
            low, high = ax.get_ylim()
            ax.set_ylim(min(low, 0.45), max(high, 0.55))
    axes[0][0].set_ylabel(f"test {METRIC_NAMES.get(metric, metric)}")
    axes[0][0].legend(fontsize=9, loc="best")
    fig.tight_layout()
    return fig


def spectrum_profiles(profiles: dict[str, np.ndarray], reference: str | None = None,
                      title: str = "", start: int = 0) -> plt.Figure:
    """The mean azimuthal spectrum of each group of images (``profiles``: name -> an
    ``(n_images, rings)`` array), one line per group, from ring ``start`` (``1`` leaves
    out ring 0, always 0 when the mean is subtracted, which would stretch the axis) to
    the highest; with ``reference``, a second panel shows each other group minus it."""
    means = {name: np.asarray(rows).mean(axis=0) for name, rows in profiles.items()}
    rings = np.arange(len(next(iter(means.values()))))[start:]
    means = {name: mean[start:] for name, mean in means.items()}
    panels = 2 if reference else 1
    fig, axes = plt.subplots(1, panels, figsize=(5 * panels, 3.2), squeeze=False)
    for name, mean in means.items():
        line, = axes[0][0].plot(rings, mean, marker=".", label=f"{name} ({len(profiles[name])})")
        if reference and name != reference:  # the same colour in both panels
            axes[0][1].plot(rings, mean - means[reference], marker=".", label=name,
                            color=line.get_color())
    axes[0][0].set_ylabel("mean log(1 + power)")
    axes[0][0].set_title(title)
    if reference:
        axes[0][1].axhline(0, color="grey", lw=0.8)
        axes[0][1].set_title(f"minus {reference}")
        axes[0][1].set_ylabel(f"log(1 + power) minus {reference}'s")
    for ax in axes[0]:
        ax.set_xlabel(f"ring ({rings[0]}: lowest frequency shown)")
        ax.legend(fontsize=9, frameon=False)
    fig.tight_layout()
    return fig


def difference_maps(maps: dict, reference: np.ndarray, name: str = "real",
                    units: str | None = None, noise: dict | None = None,
                    outline: np.ndarray | None = None,
                    limit: float | None = None) -> plt.Figure:
    """Each map of ``maps`` (label -> map, e.g. each family of fakes' average edge map) minus
    ``reference`` (the reals' average, called ``name``), side by side on one colour scale
    (blue: fewer than the reference, red: more), so that equal colours mean equal gaps; rows
    and columns ticked from 0 at the top left corner. ``noise``: label -> a difference
    already taken that only chance makes (one half of the reals minus the other), drawn last
    on the same scale as a yardstick; ``outline``: a boolean mask (the inner face a swap
    replaces) drawn as a dashed line on every panel; ``limit``: the colour scale runs from
    -limit to limit (by default the largest gap of any panel)."""
    gaps = {f"{k} minus {name}": np.asarray(m, float) - np.asarray(reference, float)
            for k, m in maps.items()}
    gaps.update({k: np.asarray(m, float) for k, m in (noise or {}).items()})
    lim = limit or max(float(np.abs(g).max()) for g in gaps.values()) or 1.0
    fig, axes = plt.subplots(1, len(gaps), figsize=(3.4 * len(gaps) + 0.6, 3.4), squeeze=False)
    for ax, (label, gap) in zip(axes[0], gaps.items()):
        im = ax.imshow(gap, cmap="coolwarm", vmin=-lim, vmax=lim)
        ax.set_title(label)
        if outline is not None:
            ax.contour(np.asarray(outline, float), levels=[0.5], colors="black",
                       linewidths=0.8, linestyles="dashed")
        _pixel_axes(ax, gap.shape)
    bar = fig.colorbar(im, ax=list(axes[0]), fraction=0.046, pad=0.04)
    if units:
        bar.set_label(units)
    return fig


def heatmap(table: pd.DataFrame, title: str = "") -> plt.Figure:
    """An annotated heatmap of a small table, e.g. ROC-AUC by training and test family."""
    import seaborn as sns

    fig, ax = plt.subplots(figsize=(1.6 * table.shape[1] + 2, 1.0 * table.shape[0] + 1.5))
    sns.heatmap(table.astype(float), annot=True, fmt=".3f", cmap="viridis", vmin=0.5, vmax=1.0, ax=ax)
    ax.set_title(title)
    fig.tight_layout()
    return fig
