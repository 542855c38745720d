"""Chapter 11's sentences, branch by branch, on made-up numbers."""

from __future__ import annotations

import pandas as pd
import pytest

from dfkit.course.readings import ch11


@pytest.mark.parametrize("temperature, words", [
    (1.4, "over-confident (T above 1 softens them)"),
    (0.7, "under-confident (T below 1 sharpens them)"),
    (1.02, "about as confident as they should be"),
    (0.95, "about as confident as they should be"),  # the bounds count as near 1
    (1.05, "about as confident as they should be"),
    (0.945, "under-confident"),
    (1.055, "over-confident"),
])
def test_temperature_lean(temperature, words):
    assert words in ch11.temperature_lean(temperature)


def _ece(raw: float, temperature: float, platt: float) -> pd.Series:
    return pd.Series({"raw": raw, "temperature": temperature, "Platt": platt})


def test_rescaling_verdict_platt_lower():
    text = ch11.rescaling_verdict(1.3, _ece(0.2, 0.1234, 0.0876))
    assert "were over-confident" in text
    assert "On test, Platt scaling has the lower ECE (0.088 for Platt, 0.123 for the " \
           "temperature)." in text


def test_rescaling_verdict_temperature_lower():
    # raw lowest of all: the sentence still compares the two rescalings only
    text = ch11.rescaling_verdict(0.8, _ece(0.01, 0.0456, 0.0611))
    assert "were under-confident" in text
    assert "temperature scaling has the lower ECE (0.061 for Platt, 0.046 for" in text


def test_rescaling_verdict_tie_at_three_decimals():
    text = ch11.rescaling_verdict(1.0, _ece(0.2, 0.1671, 0.1669))
    assert "the two scalings have the same ECE to three decimals (0.167 for Platt, " \
           "0.167 for the temperature)." in text
    assert "lower" not in text


def _rates(column: str, levels: list[str], bounds: list[tuple[float, float]]) -> pd.DataFrame:
    return pd.DataFrame({column: levels, "low": [b[0] for b in bounds],
                         "high": [b[1] for b in bounds]})


def test_intervals_apart_names_each_separated_pair():
    tables = {"skin": _rates("skin", ["darker", "middle", "lighter"],
                             [(0.30, 0.50), (0.05, 0.20), (0.10, 0.35)]),
              "lighting": _rates("lighting", ["dim", "bright"], [(0.0, 0.1), (0.05, 0.3)])}
    text = ch11.intervals_apart(tables)
    assert text.endswith("attributes: skin = darker more than skin = middle.")


def test_intervals_apart_two_pairs_joined():
    tables = {"skin": _rates("skin", ["darker", "lighter"], [(0.30, 0.50), (0.05, 0.20)]),
              "shadowed": _rates("shadowed", [False, True], [(0.0, 0.1), (0.2, 0.4)])}
    text = ch11.intervals_apart(tables)
    assert ("skin = darker more than skin = lighter; shadowed = True more than "
            "shadowed = False.") in text


def test_intervals_apart_none():
    tables = {"skin": _rates("skin", ["darker", "lighter"], [(0.1, 0.4), (0.3, 0.5)])}
    assert ch11.intervals_apart(tables).endswith("attributes: none.")
