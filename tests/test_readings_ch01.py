"""Chapter 01's sentences, branch by branch, on made-up numbers."""

from __future__ import annotations

import pandas as pd

from dfkit.course.readings import ch01


def test_shown_percent_is_what_the_sentence_prints():
    assert ch01.shown_percent(0.497) == 50
    assert ch01.shown_percent(0.6875) == 69


def test_one_sided_side():
    assert ch01.one_sided_side(0.38, 0.69) == "real"
    assert ch01.one_sided_side(0.8, 0.3) == "fake"
    assert ch01.one_sided_side(0.69, 0.56) is None  # both above half: the measure works
    assert ch01.one_sided_side(0.3, 0.4) is None  # both below half
    assert ch01.one_sided_side(0.497, 0.7) is None  # printed as 50%: no majority


def test_nearer_own_clause_both_classes_above_half():
    clause = ch01.nearer_own_clause("lbp_cos", 0.625, 0.875)
    assert clause == ("by `lbp_cos`, 62% of the fakes and 88% of the reals are nearer their "
                      "own average (on average 75% of each class, where chance is 50%)")


def test_nearer_own_clause_one_class_below_half_says_which_side():
    clause = ch01.nearer_own_clause("edge_invdiff", 0.375, 0.6875)
    assert "38% of the fakes and 69% of the reals" in clause
    assert clause.endswith("; most images of *both* classes are nearer the real average, so "
                           'that measure mostly says "real" whatever the image')


def test_nearer_own_clause_fake_side():
    assert 'mostly says "fake"' in ch01.nearer_own_clause("hist_cos", 0.9, 0.2)


def test_nearer_own_reading_joins_every_measure():
    nearer = pd.DataFrame({"hist_cos": [0.6875, 0.5625], "lbp_cos": [0.625, 0.875]},
                          index=["fake", "real"])
    text = ch01.nearer_own_reading(nearer, ("hist_cos", "lbp_cos"))
    assert text.startswith("Over the whole validation split, by `hist_cos`, 69% of the fakes")
    assert "chance is 50%); by `lbp_cos`, 62% of the fakes" in text
    assert text.endswith("where chance is 50%).")
    assert "both" not in text
