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


def nearer_own_reading(nearer: pd.DataFrame, measures: Sequence[str]) -> str:
    """The sentence under the whole-split table (``nearer``: rows 'fake' and 'real', one
    column per measure, each the share of that class nearer its own average)."""
    fake = {m: float(nearer.loc["fake", m]) for m in measures}
    real = {m: float(nearer.loc["real", m]) for m in measures}
    pairs = _listing([f"{fake[m]:.0%} and {real[m]:.0%} by `{m}`" for m in measures])
    means = _listing([f"{(fake[m] + real[m]) / 2:.0%}" for m in measures])
    text = (f"Over the whole validation split, the shares of fakes and of reals nearer their "
            f"own class's average are {pairs} (means {means}; chance is 50%).")
    for m in measures:
        side = one_sided_side(fake[m], real[m])
        if side is not None:
            text += (f" By `{m}`, most images of *both* classes are nearer the {side} average: "
                     f"it mostly says \"{side}\" whatever the image.")
    return text


def at_chance(fake_share: float, real_share: float) -> bool:
    """True when the mean of the two shares, as printed, lies within CHANCE_MARGIN of 50%."""
    return abs(shown_percent((fake_share + real_share) / 2) - 50) <= CHANCE_MARGIN


def nearer_vs_auc(nearer: pd.DataFrame, effects: pd.DataFrame, measures: Sequence[str]) -> str:
    """Where a measure is at chance by the nearer average but one of its two similarities
    separates the classes alone (``effects``: ``eda.effect_sizes``), say how both can hold."""
    sentences = []
    for m in measures:
        if not at_chance(float(nearer.loc["fake", m]), float(nearer.loc["real", m])):
            continue
        sims = [s for s in (f"{m}_real", f"{m}_fake") if s in effects.index
                and abs(float(effects.loc[s, "auc"]) - 0.5) >= SEPARATES]
        if not sims:
            continue
        aucs = {s: float(effects.loc[s, "auc"]) for s in sims}
        higher = [s for s in sims if aucs[s] > 0.5]
        named = {s: f"`{s}` (AUC {aucs[s]:.3f})" for s in sims}
        lower = [s for s in sims if s not in higher]
        parts = [f"{word} on {_listing([named[s] for s in group])}"
                 for word, group in (("higher", higher), ("lower", lower)) if group]
        sentence = (f"By `{m}` the nearer average tells the classes apart no better than "
                    f"chance, yet fakes score {_listing(parts)}")
        if len(sims) == 2 and len(higher) in (0, 2):
            sentence += (f": fakes are {'more' if higher else 'less'} similar than reals to "
                         "*both* averages, which a comparison of an image's two similarities "
                         "with each other cannot see")
        sentences.append(sentence + ".")
    if not sentences:
        return ("In this run no measure that is at chance by the nearer average separates the "
                f"classes by one of its similarities alone (AUC at least {SEPARATES} from 0.5), "
                "so the two readings agree.")
    return " ".join(sentences)
