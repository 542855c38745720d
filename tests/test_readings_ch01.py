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


def _nearer(**shares) -> pd.DataFrame:
    """rows fake and real; ``shares``: measure -> (fake share, real share)."""
    return pd.DataFrame({m: list(v) for m, v in shares.items()}, index=["fake", "real"])


def test_nearer_own_reading_lists_each_measure_once_and_chance_once():
    nearer = _nearer(hist_cos=(0.6875, 0.5625), lbp_cos=(0.625, 0.875))
    text = ch01.nearer_own_reading(nearer, ("hist_cos", "lbp_cos"))
    assert text == ("Over the whole validation split, the shares of fakes and of reals nearer "
                    "their own class's average are 69% and 56% by `hist_cos` and 62% and 88% "
                    "by `lbp_cos` (means 62% and 75%; chance is 50%).")


def test_nearer_own_reading_says_which_side_a_one_sided_measure_favours():
    nearer = _nearer(hist_cos=(0.67, 0.33), lbp_cos=(0.58, 0.58), edge_invdiff=(0.375, 0.6875))
    text = ch01.nearer_own_reading(nearer, ("hist_cos", "lbp_cos", "edge_invdiff"))
    assert "67% and 33% by `hist_cos`, 58% and 58% by `lbp_cos` and 38% and 69% by " in text
    assert ('By `hist_cos`, most images of *both* classes are nearer the fake average: it '
            'mostly says "fake" whatever the image.') in text
    assert 'By `edge_invdiff`, most images of *both* classes are nearer the real' in text
    assert "lbp_cos`, most" not in text
    assert text.count("chance is 50%") == 1


def _effects(**aucs) -> pd.DataFrame:
    return pd.DataFrame({"auc": list(aucs.values())}, index=list(aucs))


def test_a_one_sided_measure_whose_similarities_separate_says_how_both_hold():
    nearer = _nearer(hist_cos=(0.67, 0.33), lbp_cos=(0.58, 0.58))
    effects = _effects(hist_cos_real=0.577, hist_cos_fake=0.567, lbp_cos_real=0.43)
    text = ch01.nearer_own_reading(nearer, ("hist_cos", "lbp_cos"), effects)
    assert text.endswith(
        'By `hist_cos`, most images of *both* classes are nearer the fake average: it mostly '
        'says "fake" whatever the image. Yet fakes score higher on `hist_cos_real` (AUC 0.577) '
        "and `hist_cos_fake` (AUC 0.567): fakes are more similar than reals to *both* "
        "averages, which a comparison of an image's two similarities with each other cannot "
        "see.")
    assert "lbp_cos_real" not in text  # lbp_cos is above chance: no contrast


def test_a_balanced_measure_at_chance_gets_its_own_sentence():
    nearer = _nearer(hist_cos=(0.5, 0.52))
    one = ch01.nearer_own_reading(nearer, ("hist_cos",),
                                  _effects(hist_cos_real=0.42, hist_cos_fake=0.51))
    assert one.endswith("By `hist_cos` the nearer average tells the classes apart no better "
                        "than chance, yet fakes score lower on `hist_cos_real` (AUC 0.420).")
    mixed = ch01.nearer_own_reading(nearer, ("hist_cos",),
                                    _effects(hist_cos_real=0.42, hist_cos_fake=0.6))
    assert "higher on `hist_cos_fake` (AUC 0.600) and lower on `hist_cos_real`" in mixed
    assert "both" not in mixed


def test_no_contrast_when_the_readings_agree():
    effects = _effects(hist_cos_real=0.577, hist_cos_fake=0.567)
    above = ch01.nearer_own_reading(_nearer(hist_cos=(0.7, 0.6)), ("hist_cos",), effects)
    assert "AUC" not in above
    flat = _effects(hist_cos_real=0.52, hist_cos_fake=0.47)
    chance = ch01.nearer_own_reading(_nearer(hist_cos=(0.67, 0.33)), ("hist_cos",), flat)
    assert "AUC" not in chance and "Yet" not in chance
