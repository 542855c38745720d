"""Chapter 01's sentences: what the whole validation split says about the paper's measures."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

CHANCE_MARGIN = 5  # percentage points from 50% within which the mean share counts as chance
SEPARATES = 0.05  # how far from AUC 0.5 a single similarity must lie to count as separating


def shown_percent(share: float) -> int:
    """A share as the whole percent the sentence prints (``0.497`` -> ``50``)."""
    return int(f"{share:.0%}".rstrip("%"))


def one_sided_side(fake_share: float, real_share: float) -> str | None:
    """The class whose average most images of *both* classes are nearer ('fake' or 'real'),
    when one class's share lies above half and the other's below, as printed (a share shown
    as 50% is no majority); None otherwise."""
    fake, real = shown_percent(fake_share), shown_percent(real_share)
    if (fake - 50) * (real - 50) >= 0:
        return None
    return "fake" if fake > 50 else "real"


def _listing(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def at_chance(fake_share: float, real_share: float) -> bool:
    """True when the mean of the two shares, as printed, lies within CHANCE_MARGIN of 50%."""
    return abs(shown_percent((fake_share + real_share) / 2) - 50) <= CHANCE_MARGIN


def auc_contrast(measure: str, effects: pd.DataFrame) -> str | None:
    """How the measure's two similarities, each alone, separate the classes (``effects``:
    ``eda.effect_sizes``), when at least one lies SEPARATES or more from AUC 0.5; else None."""
    sims = [s for s in (f"{measure}_real", f"{measure}_fake") if s in effects.index
            and abs(float(effects.loc[s, "auc"]) - 0.5) >= SEPARATES]
    if not sims:
        return None
    aucs = {s: float(effects.loc[s, "auc"]) for s in sims}
    higher = [s for s in sims if aucs[s] > 0.5]
    lower = [s for s in sims if s not in higher]
    named = {s: f"`{s}` (AUC {aucs[s]:.3f})" for s in sims}
    parts = [f"{word} on {_listing([named[s] for s in group])}"
             for word, group in (("higher", higher), ("lower", lower)) if group]
    text = f"fakes score {_listing(parts)}"
    if len(sims) == 2 and not (higher and lower):
        text += (f": fakes are {'more' if higher else 'less'} similar than reals to *both* "
                 "averages, which a comparison of an image's two similarities with each other "
                 "cannot see")
    return text


def nearer_own_reading(nearer: pd.DataFrame, measures: Sequence[str],
                       effects: pd.DataFrame | None = None) -> str:
    """The sentences under the whole-split table (``nearer``: rows 'fake' and 'real', one
    column per measure, each the share of that class nearer its own average). With
    ``effects``, a measure at chance by the nearer average whose similarities separate the
    classes alone gets a sentence on how both can hold."""
    fake = {m: float(nearer.loc["fake", m]) for m in measures}
    real = {m: float(nearer.loc["real", m]) for m in measures}
    pairs = _listing([f"{fake[m]:.0%} and {real[m]:.0%} by `{m}`" for m in measures])
    means = _listing([f"{(fake[m] + real[m]) / 2:.0%}" for m in measures])
    text = (f"Over the whole validation split, the shares of fakes and of reals nearer their "
            f"own class's average are {pairs} (means {means}; chance is 50%).")
    for m in measures:
        side = one_sided_side(fake[m], real[m])
        contrast = None
        if effects is not None and at_chance(fake[m], real[m]):
            contrast = auc_contrast(m, effects)
        if side is not None:
            text += (f" By `{m}`, most images of *both* classes are nearer the {side} average: "
                     f"it mostly says \"{side}\" whatever the image.")
            if contrast:
                text += f" Yet {contrast}."
        elif contrast:
            text += (f" By `{m}` the nearer average tells the classes apart no better than "
                     f"chance, yet {contrast}.")
    return text
