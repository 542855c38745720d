"""readings.ch07 on made-up numbers: each branch of the collapse and separation sentences."""

from __future__ import annotations

import pandas as pd

from dfkit.course.readings import ch07


def test_collapse_to_fake():
    said = ch07.collapse_warning(recall=1.0, specificity=0.004)
    assert "called (nearly) every test face fake at this threshold" in said


def test_collapse_to_real():
    said = ch07.collapse_warning(recall=0.008, specificity=0.996)
    assert "called (nearly) every test face real at this threshold" in said


def _diffs(rows):
    cols = ["factor", "class", "value", "against", "rate", "rate_against", "difference",
            "low", "high"]
    return pd.DataFrame(rows, columns=cols)


BLUR_REAL = ["blur applied", "real", "yes", "no", 0.529, 0.105, 0.424, 0.25, 0.6]
BLUR_FAKE = ["blur applied", "fake", "yes", "no", 0.0, 0.095, -0.095, -0.17, -0.03]
NOISE_FAKE = ["sensor noise", "fake", "yes", "no", 0.109, 0.018, 0.091, -0.01, 0.19]


def test_no_difference_shown():
    said = ch07.difference_verdict(_diffs([NOISE_FAKE]), collapsed=False)
    assert said.startswith("In this run none of the 1 differences within a class")
    assert "does not show that none does" in said


def test_a_factor_that_pushes_scores_towards_fake():
    said = ch07.difference_verdict(_diffs([BLUR_REAL, BLUR_FAKE, NOISE_FAKE]), collapsed=False)
    assert said.startswith("In this run 2 of the 3 differences within a class")
    assert "about 0.1 would by chance" in said
    assert "blur applied, real faces: 0.529 (yes) against 0.105 (no), difference +0.424" in said
    assert "sensor noise, fake" not in said
    assert ("Blur applied (yes rather than no: real faces 0.105 to 0.529, fakes 0.095 to "
            "0.000) pushed scores towards 'fake'") in said
    assert said.count("pushed scores") == 1  # one sentence per factor, not per class
    assert "collapsed" not in said


def test_a_factor_with_more_errors_in_both_classes_and_a_collapsed_model():
    fake = ["blur applied", "fake", "yes", "no", 0.2, 0.095, 0.105, 0.01, 0.2]
    said = ch07.difference_verdict(_diffs([BLUR_REAL, fake]), collapsed=True)
    assert "went with more errors in both classes" in said
    assert said.endswith("not a failure mode.")
    loose = ["blur applied", "real", "yes", "no", 0.2, 0.105, 0.095, -0.02, 0.2]
    said = ch07.difference_verdict(_diffs([loose, BLUR_FAKE]), collapsed=False)
    assert "fakes 0.095 to 0.000; the real faces' difference alone is within chance)" in said


def test_family_difference_shown_though_the_rows_overlap():
    row = {"value": "gan", "against": "faceswap", "rate": 0.0, "rate_against": 0.133,
           "difference": -0.133, "low": -0.233, "high": -0.05}
    said = ch07.family_reading(row, rows_overlap=True, collapsed=False)
    assert "of -0.133 (-0.233 to -0.050)" in said
    assert "faceswap fakes fool the model more often, although the two rows' own" in said


def test_family_difference_not_shown():
    row = {"value": "gan", "against": "faceswap", "rate": 0.05, "rate_against": 0.1,
           "difference": -0.05, "low": -0.12, "high": 0.02}
    said = ch07.family_reading(row, rows_overlap=True, collapsed=True)
    assert "cannot tell the two families apart, which does not show" in said
    assert "collapsed" in said
