"""Chapter 11's sentences: what this run's rescalings and per-group error rates say."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd


def temperature_lean(temperature: float) -> str:
    """How confident the validation scores were, as the fitted temperature says: T above 1
    softens over-confident scores, T below 1 sharpens under-confident ones."""
    if temperature > 1.05:
        return "over-confident (T above 1 softens them)"
    if temperature < 0.95:
        return "under-confident (T below 1 sharpens them)"
    return "about as confident as they should be (T near 1 changes little)"


def rescaling_verdict(temperature: float, test_ece: pd.Series) -> str:
    """The scores' lean, and which rescaling (``test_ece``'s rows ``temperature`` and
    ``Platt``) had the lower test ECE; a tie at the three decimals shown is called a tie."""
    platt, temp = test_ece["Platt"], test_ece["temperature"]
    quoted = f"({platt:.3f} for Platt, {temp:.3f} for the temperature)"
    if f"{platt:.3f}" == f"{temp:.3f}":
        winner = f"the two scalings have the same ECE to three decimals {quoted}."
    else:
        better = "Platt" if platt < temp else "temperature"
        winner = f"{better} scaling has the lower ECE {quoted}."
    return (f"In this run the validation scores were {temperature_lean(temperature)}. "
            f"On test, {winner}")


def intervals_apart(tables: Mapping[str, pd.DataFrame]) -> str:
    """Every pair of levels, within one attribute, whose false-positive intervals do not
    overlap (``tables``: attribute -> ``metrics.error_rates_by`` table), or 'none'."""
    apart = [f"{column} = {b[column]} more than {column} = {a[column]}"
             for column, table in tables.items()
             for _, a in table.iterrows() for _, b in table.iterrows()
             if a["high"] < b["low"]]
    return ("Levels whose intervals do not overlap on this run, over all three "
            f"attributes: {'; '.join(apart) or 'none'}.")
