"""Error analysis: one row per test image with its prediction, and error rates by failure factor.

On the synthetic set the manifest records every nuisance factor and the manipulation family,
so failure modes can be counted instead of guessed; on real data only the columns present are used.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
import pandas as pd

from dfkit.evaluation.metrics import error_rate_difference, error_rates_by, newcombe_difference

# (column, how to group it, display name): factors the synthetic manifest records
FACTORS = (
    ("label", None, "class"),
    ("family", None, "manipulation family"),
    ("blurred", None, "blur applied"),
    ("shadowed", None, "cast shadow"),
    ("noisy", None, "sensor noise"),
    ("jpeg_quality", [0, 50, 70, 100], "JPEG quality"),
    ("strength", [-0.01, 0.33, 0.66, 1.0], "artefact strength (fakes)"),
)


def results_table(frame: pd.DataFrame, p_fake: np.ndarray, threshold: float = 0.5) -> pd.DataFrame:
    """The split's manifest with ``p_fake``, ``pred`` and ``wrong`` columns, in the split's order."""
    out = frame.reset_index(drop=True).copy()
    out["p_fake"] = np.asarray(p_fake, float).ravel()
    out["pred"] = (out["p_fake"] >= threshold).astype(int)
    out["wrong"] = out["pred"] != out["y"]
    for flag, column in (("blurred", "blur_sigma"), ("shadowed", "shadow"), ("noisy", "noise_sigma")):
        if column in out:
            out[flag] = np.where(out[column] > 0, "yes", "no")
    return out


def factor_tables(results: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Error rate with 95% Wilson interval for every recorded factor present in ``results``."""
    tables = {}
    for column, bins, name in FACTORS:
        if column not in results:
            continue
        rows = results[results["y"] == 1] if column == "strength" else results
        tables[name] = error_rates_by(rows, column, bins=bins)
    return tables


def measurable(wrong, groups, few: int = 5) -> bool:
    """Whether a cluster bootstrap can measure this row's error rate: at least ``few`` identities
    with an error and ``few`` with a correct prediction. With fewer, every resample draws the
    same handful of identities (none at all, at zero errors) and its interval comes out too
    narrow, or a point."""
    frame = pd.DataFrame({"wrong": np.asarray(wrong, bool), "group": np.asarray(groups)})
    per = frame.groupby("group")["wrong"]
    return bool(per.any().sum() >= few and (~per.all()).sum() >= few)


def rate_differences(frame: pd.DataFrame, column: str, wrong: str = "wrong", bins=None,
                     groups="group", by_class: bool = True, seed: int = 0,
                     few: int = 5, level: float = 0.95) -> pd.DataFrame:
    """Every pair of values (or bins) of ``column``, within each class when ``by_class``: the
    later value's error rate minus the earlier one's, with a ``level`` (95%) interval of that
    difference (a stricter ``level`` allows for many comparisons, e.g. Bonferroni's).
    Where the bootstrap can measure both rows (``measurable``), the interval resamples
    identities (``groups``: a column name) on both rows at once; where it cannot (a row with
    errors, or correct predictions, in fewer than ``few`` identities), it is Newcombe's,
    from each row's Wilson interval counted in identities (``metrics.newcombe_difference``).
    Columns: class, value, against, rate, rate_against, difference, low, high, method."""
    frame = frame.reset_index(drop=True)
    key = pd.cut(frame[column], bins) if bins is not None else frame[column]
    classes = (frame["y"].map({0: "real", 1: "fake"}) if by_class
               else pd.Series("all", index=frame.index))
    rows = []
    for cls in [c for c in ("real", "fake", "all") if c in set(classes)]:  # as error_rates_by
        part = classes == cls
        values = sorted(key[part].dropna().unique())
        for i, earlier in enumerate(values):
            for later in values[i + 1:]:
                in_a, in_b = part & (key == later), part & (key == earlier)
                a, b = frame.loc[in_a], frame.loc[in_b]
                if measurable(a[wrong], a[groups], few) and measurable(b[wrong], b[groups], few):
                    method = "bootstrap"
                    diff, low, high = error_rate_difference(
                        frame.loc[part, wrong], in_a[part], in_b[part],
                        frame.loc[part, groups].to_numpy(), seed=seed, level=level)
                else:
                    method = "Newcombe"
                    diff, low, high = newcombe_difference(
                        a[wrong].mean(), a[groups].nunique(), b[wrong].mean(), b[groups].nunique(),
                        z=round(NormalDist().inv_cdf((1 + level) / 2), 2))  # 1.96 at 95%
                rows.append({"class": cls, "value": later, "against": earlier,
                             "rate": a[wrong].mean(), "rate_against": b[wrong].mean(),
                             "difference": diff, "low": low, "high": high, "method": method})
    return pd.DataFrame(rows)


def labels(results: pd.DataFrame) -> list[str]:
    """'T: real, P: fake (0.73)' titles, as in the paper's Figs 11-12."""
    name = {0: "real", 1: "fake"}
    rows = zip(results["y"], results["pred"], results["p_fake"])
    return [f"T: {name[t]}, P: {name[p]} ({q:.2f})" for t, p, q in rows]
