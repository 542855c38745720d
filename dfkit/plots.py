"""Figures the chapters share: sample grids and the like."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from dfkit.data import load_image


def sample_grid(manifest: pd.DataFrame, per_class: int = 5, seed: int = 0, size: int = 128,
                columns: tuple[str, ...] = ("family",)) -> plt.Figure:
    """A row of random real faces above a row of random fakes, titled with their manifest facts."""
    fig, axes = plt.subplots(2, per_class, figsize=(2.2 * per_class, 5), squeeze=False)
    for row, (label, title) in enumerate((("real", "real"), ("deepfake", "fake"))):
        rows = manifest[manifest["label"] == label]
        picks = rows.sample(n=min(per_class, len(rows)), random_state=seed)
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
    ax = table.plot.bar(rot=0, figsize=(5, 3), color=["#4c72b0", "#dd8452"])
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
