"""Chapter 01's sentences: what the whole validation split says about the paper's measures."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd


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


def nearer_own_clause(measure: str, fake_share: float, real_share: float) -> str:
    """One measure's shares of fakes and reals nearer their own class's average, with a
    warning when the measure mostly answers one class whatever the image."""
    clause = (f"by `{measure}`, {fake_share:.0%} of the fakes and {real_share:.0%} of "
              f"the reals are nearer their own average (on average "
              f"{(fake_share + real_share) / 2:.0%} of each class, where chance is 50%)")
    side = one_sided_side(fake_share, real_share)
    if side is not None:
        clause += (f"; most images of *both* classes are nearer the {side} average, so "
                   f"that measure mostly says \"{side}\" whatever the image")
    return clause


def nearer_own_reading(nearer: pd.DataFrame, measures: Sequence[str]) -> str:
    """The sentence under the whole-split table (``nearer``: rows 'fake' and 'real', one
    column per measure, each the share of that class nearer its own average)."""
    clauses = [nearer_own_clause(m, nearer.loc["fake", m], nearer.loc["real", m])
               for m in measures]
    return "Over the whole validation split, " + "; ".join(clauses) + "."
