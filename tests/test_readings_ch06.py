"""readings.ch06 on made-up numbers: each branch of the interval, ranking and threshold
sentences."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dfkit.course.readings import ch06


def _ratios(**by_metric):
    """Width ratios by metric (rows) and seed (columns): each metric's list, one per seed."""
    return pd.DataFrame(by_metric, index=[f"seed {s}" for s in range(4)]).T


def test_width_verdicts_read_every_seed():
    ratios = _ratios(recall=[1.5, 1.4, 1.3, 1.6], roc_auc=[0.5, 0.6, 0.7, 0.5],
                     f1=[1.08, 0.97, 1.02, 1.01], specificity=[1.013, 0.99, 1.04, 1.0])
    said = ch06.width_verdicts(ratios)
    # report_06 finding 4: ×1.013 (0.091 against 0.092) is about as wide, not wider;
    # report_06 finding 3 (r22): one list item per verdict
    assert said.split("\n\n", 1)[1].startswith(
        "Metric by metric (in brackets the ratio with this run's seed):\n\n- On all 4 "
        "seeds the group interval is wider for recall (×1.500), narrower for ROC-AUC "
        "(×0.500) and about as wide (within 5%) for specificity (×1.013).\n- The seeds "
        "disagree on F1: the group interval is wider on some seeds and not on others, "
        "within the bootstrap's own noise.")
    assert "share of fakes" not in said
    # report_06 finding 3 (r20): wider on every seed, but by 5% or less on one, is not
    # "the seeds disagree": the side of 1 is said, and the 5% band
    said = ch06.width_verdicts(_ratios(recall=[1.5, 1.04, 1.3, 1.6],
                                       precision=[0.92, 0.96, 0.93, 0.94]))
    assert ("\n- On all 4 seeds the group interval is wider for recall (×1.500) and "
            "narrower for precision (×0.920), but by 5% or less on at least one seed.") in said
    assert "disagree" not in said
    # review 20: a seed at exactly 1.000 is on neither side; [0.9, 1.0] is not "wider on
    # some seeds", nor do the seeds disagree on its side of 1
    said = ch06.width_verdicts(_ratios(recall=[0.9, 1.0, 0.9, 0.9],
                                       f1=[1.1, 1.0, 1.2, 1.1]))
    assert ("\n- The group interval is wider for F1 (×1.100) on some seeds and as wide as "
            "the image one (×1.000 at 3 decimals) on the others, on no seed narrower.\n- The "
            "group interval is narrower for recall (×0.900) on some seeds and as wide as the "
            "image one (×1.000 at 3 decimals) on the others, on no seed wider.") in said
    assert "disagree" not in said and "but by 5% or less" not in said
    # judged at the table's 3 decimals: the laptop run's recall, 1.0503 shown as 1.050
    assert "about as wide (within 5%) for recall (×1.013)" in ch06.width_verdicts(
        _ratios(recall=[1.013, 1.0503, 1.024, 1.044]))


def test_width_verdicts_compare_the_families_as_q3_does():
    ratios = _ratios(recall=[1.01, 1.0, 1.1, 1.1], specificity=[1.17, 1.2, 1.1, 1.2],
                     precision=[0.92, 0.9, 0.95, 0.9], f1=[0.88, 0.9, 0.9, 0.9],
                     pr_auc=[0.92, 0.9, 0.9, 0.95])
    said = ch06.width_verdicts(ratios, share_fixed=True)
    # report_06 finding 3 (r22): the answer first, the verdicts listed after it
    assert said.startswith("Exercise q3's comparison: mean ratio ×1.090 for recall and "
                           "specificity, ×0.907 for precision, F1 and PR-AUC with this run's "
                           "seed; larger for recall and specificity on all 4 seeds.")
    first = said.split("\n\n")[0]
    assert ("keeps the share of fakes at one half, while a resample of images lets it "
            "wander; precision, F1 and PR-AUC move with that share.") in first
    # report_06 finding 2 (r22): when the lesson holds, and that video data turns it round
    assert first.endswith("where each group holds one class (a video, on the paper's "
                          "data), a resample of groups moves the share of fakes more than "
                          "one of images, and those three would tend to come out wider "
                          "instead.")
    assert "\n\nMetric by metric (in brackets the ratio with this run's seed):\n\n- " in said
    assert "a video" not in ch06.width_verdicts(ratios)  # groups not balanced: not said
    assert ch06.larger_family(ratios) == "a"
    ratios.loc["precision"] = 2.0
    assert ch06.larger_family(ratios) == "b"
    assert "larger for precision, F1 and PR-AUC on all 4 seeds" in ch06.width_verdicts(ratios)


def test_width_verdicts_say_why_accuracy_and_balanced_accuracy_differ():
    """report_06 finding 3 (r20): with balanced groups the two have one group interval, so
    different verdicts come from their image intervals only, and the reading says so."""
    ratios = _ratios(accuracy=[1.045, 1.07, 1.095, 1.06],
                     balanced_accuracy=[1.10, 1.12, 1.08, 1.09])
    said = ch06.width_verdicts(ratios, share_fixed=True)
    assert "wider for balanced accuracy (×1.100)." in said
    assert "It is wider for accuracy (×1.045) on all 4 seeds too, but by 5% or less" in said
    assert "differ only through their image intervals" in said
    assert "image intervals" not in ch06.width_verdicts(ratios)  # groups not balanced
    ratios.loc["accuracy"] = ratios.loc["balanced_accuracy"]
    assert "differ only" not in ch06.width_verdicts(ratios, share_fixed=True)


def test_width_verdicts_none():
    said = ch06.width_verdicts(pd.DataFrame(dtype=float))
    assert "no metric to compare" in said and ": ." not in said
    only_rates = _ratios(recall=[1.1, 1.1, 1.1, 1.1])
    assert "q3" not in ch06.width_verdicts(only_rates)
    assert ch06.larger_family(only_rates) == "c"


@pytest.mark.parametrize("diff, low, high, words", [
    (0.0625, 0.0125, 0.1, "this trained Model 2 ranks fakes above real faces better"),
    (-0.0625, -0.1, -0.0125, "this trained Model 1 ranks fakes above real faces better"),
    (0.0125, -0.05, 0.075, "this test split cannot rank the two models"),
])
def test_ranking_verdict(diff, low, high, words):
    seeds = ("Each model was trained once, with one seed, and the interval resamples test "
             "groups only; chapter 04 trains Model 2 from three seeds")
    said = ch06.ranking_verdict(diff, low, high)
    assert f": {words}. {seeds}" in said  # report_06 finding 4: one training run each
    said = ch06.ranking_verdict(diff, low, high, ["Model 1"])
    assert "to the next. One caveat: Model 1 was still improving at the last epoch" in said
    assert (f"ROC-AUC, from the unrounded AUCs: {diff:+.3f}, 95% interval {low:+.3f} to "
            f"{high:+.3f}") in said


def test_threshold_raised_and_far_from_half():
    said = ch06.threshold_reading("Model 1", val_recall=0.96667, threshold=0.9375,
                                  test_recall=0.9, target=0.95)
    assert said.startswith("Model 1: at 0.5 its validation recall, 0.967, already reached")
    assert "raised the threshold (more precision, same target) to 0.938" in said
    assert "caught 0.900 of the fakes (target 0.95)." in said
    assert "this far from 0.5 is no error" in said


def test_threshold_near_0_linked_to_overfitting():
    said = ch06.threshold_reading("Model 2", 0.7, 0.00791, 0.958, 0.95, overfit=True)
    assert "lowered the threshold to 0.00791;" in said
    assert "Its over-fitting (above) probably explains why so low" in said
    assert "catching 95% of them takes a threshold near 0." in said
    assert "over-fitting" not in ch06.threshold_reading("Model 2", 0.7, 0.00791, 0.958, 0.95)
    assert "over-fitting" not in ch06.threshold_reading("Model 2", 0.7, 0.3, 0.958, 0.95,
                                                        overfit=True)


def test_threshold_lowered_and_near_half():
    said = ch06.threshold_reading("Model 2", val_recall=0.8, threshold=0.3125,
                                  test_recall=0.93333, target=0.95)
    assert "fell short of the target, so the rule lowered the threshold to 0.312" in said
    assert "caught 0.933 of the fakes" in said
    assert said.endswith("(target 0.95).")


def test_balanced_accuracy_leader_first():
    said = ch06.balanced_accuracy_leader({"Model 1": 0.8125, "Model 2": 0.6875}, -0.2, -0.05)
    assert "validation, Model 1 has the higher balanced accuracy" in said
    assert "(0.812 against 0.688 for Model 2)" in said
    assert ("Model 2 minus Model 1 is -0.125, 95% interval -0.200 to -0.050: it excludes 0, "
            "so on this split Model 1 keeps the lead at these thresholds." in said)
    said = ch06.balanced_accuracy_leader({"Model 1": 0.6875, "Model 2": 0.8125}, 0.05, 0.2)
    assert "validation, Model 2 has the higher" in said
    assert "(0.812 against 0.688 for Model 1)" in said and "caveat" not in said
    assert "so on this split Model 2 keeps the lead" in said
    said = ch06.balanced_accuracy_leader({"Model 1": 0.6875, "Model 2": 0.8125}, 0.05, 0.2,
                                         ["Model 1"])
    assert said.endswith("The caveat above about Model 1's unfinished training holds here "
                         "too.")  # said in full once, by ranking_verdict


def test_still_improving():
    rising = pd.DataFrame({"val_auc": [0.6, 0.7, 0.8]})
    peaked = pd.DataFrame({"val_auc": [0.6, 0.9, 0.8, 0.9]})  # the first best is kept
    assert ch06.still_improving({"Model 1": rising, "Model 2": peaked}) == ["Model 1"]


def test_balanced_accuracy_tie():
    said = ch06.balanced_accuracy_leader({"Model 1": 0.5, "Model 2": 0.50001}, -0.01, 0.01)
    assert "Model 1 and Model 2 have the same balanced accuracy on test" in said
    assert "(0.500 against 0.500, to 3 decimals)" in said
    assert "it holds 0, so this test split cannot tell the two apart" in said
    assert "higher" not in said


def test_threshold_kept_at_half():
    said = ch06.threshold_reading("Model 1", val_recall=0.95, threshold=0.5,
                                  test_recall=0.9, target=0.95)
    assert "0.950, met the target, so the rule kept the threshold at 0.500;" in said
    assert "lowered" not in said and "raised" not in said


@pytest.mark.parametrize("n, words", [(12, "only 12 groups: fewer than"),
                                      (30, "30 groups, just at the about 30"),
                                      (45, "45 groups, not far above"),
                                      (80, "80 groups, enough")])
def test_groups_note(n, words):
    assert words in ch06.groups_note(n)


def test_balanced_test_note():
    said = ch06.balanced_test_note(120, 120, groups_balanced=True)
    assert "(120 each)" in said and "so their group intervals agree" in said
    assert "image intervals can differ" in said
    said = ch06.balanced_test_note(120, 120, groups_balanced=False)
    assert "group intervals need not agree" in said
    said = ch06.balanced_test_note(100, 140, groups_balanced=False)
    assert "100 real faces and 140 fakes" in said and "(120 each)" not in said


def _at(recall, specificity, precision=0.8, roc_auc=0.9):
    return {"recall": recall, "specificity": specificity, "precision": precision,
            "roc_auc": roc_auc}


def test_collapse_reading():
    said = ch06.collapse_reading({"Model 1": _at(0.9, 0.8), "Model 2": _at(1.0, 0.0)})
    assert said.startswith("In this run Model 2 gave (nearly) every test face the same class")
    said = ch06.collapse_reading({"Model 1": _at(0.9, 0.8), "Model 2": _at(0.75, 0.95)})
    assert "no model gave every test face the same class" in said
    # the models' own rates at 0.5, named (report_06 finding 6, r22: the intervals table
    # beside it holds the always-fake specificity 0 and lower interval ends)
    assert said.endswith("the lowest recall or specificity of Model 1 and Model 2 at "
                         "0.5 is 0.750 (Model 2's recall)."), said


@pytest.mark.parametrize("cnn, resnet, words", [
    (_at(0.9, 0.8), _at(0.95, 0.5), "Model 2 at 0.5 makes the same trade: recall 0.950"),
    (_at(0.9, 0.8), _at(0.75, 0.95), "does the reverse, giving up recall for specificity"),
    (_at(0.8, 0.8), _at(0.9, 0.8), "makes no trade: it is as good or better on both"),
    (_at(0.9, 0.8), _at(0.8, 0.7), "makes no trade: it is as good or worse on both"),
])
def test_paper_contrast(cnn, resnet, words):
    said = ch06.paper_contrast(cnn, resnet)
    assert words in said


def test_paper_contrast_auc():
    said = ch06.paper_contrast(_at(0.9, 0.8, roc_auc=0.9), _at(0.7, 0.9, roc_auc=0.95))
    assert "ROC-AUC, which no threshold decides, is higher (0.950 against 0.900)" in said
    said = ch06.paper_contrast(_at(0.9, 0.8, roc_auc=0.9), _at(0.7, 0.9, roc_auc=0.9))
    assert "is the same (0.900 against 0.900)" in said


def test_same_rows_note():
    def table(pr):
        cols = pd.MultiIndex.from_product([["Model 1", "Model 2"], ["value", "low", "high"]])
        rows = [[0.9, 0.85, 0.95, 0.9694, 0.9551, 0.9826], [0.88, 0.8, 0.94, *pr]]
        out = pd.DataFrame(rows, index=["roc_auc", "pr_auc"], columns=cols)
        out[("always fake", "value")] = 0.5
        return out
    said = ch06.same_rows_note(table([0.9690, 0.9553, 0.9831]))
    assert said.startswith("Model 2's ROC-AUC and PR-AUC rows agree to 3 decimals")
    assert "0.9694 [0.9551, 0.9826] and 0.9690 [0.9553, 0.9831]" in said
    assert ch06.same_rows_note(table([0.9590, 0.9553, 0.9831])) == ""


@pytest.mark.parametrize("val_auc, words", [
    ([0.6, 0.9, 0.8, 0.7, 0.6], "stopped after epoch 5 of 10: its validation AUC peaked at "
                                "epoch 2 (0.900)"),
    ([0.6, 0.7, 0.9, 0.8, 0.85, 0.8], "ran all 6 epochs: its validation AUC peaked at epoch 3 "
                                      "(0.900) and did not beat that in the 3 epochs after: its "
                                      "patience ran out exactly at the last epoch, so early "
                                      "stopping fired with no epoch left to skip. At the end of "
                                      "training, early stopping or not, Keras's "
                                      "restore_best_weights put back epoch 3's weights"),
    ([0.6, 0.7, 0.8, 0.9, 0.95, 0.94], "never fired. Its best (0.950) came at epoch 5"),
    ([0.6, 0.7, 0.8, 0.9, 0.95, 0.96], "reached its best validation AUC (0.960) in the last"),
    ([0.6, 0.9, 0.9, 0.9, 0.8], "peaked at epoch 2 (0.900)"),  # the first best, as Keras
])
def test_stopping_reading(val_auc, words):
    epochs = 10 if len(val_auc) == 5 else 6
    assert words in ch06.stopping_reading("Model 2", val_auc, epochs, patience=3)


def test_group_makeup():
    even = pd.DataFrame({0: [4, 4], 1: [4, 4]})
    assert ch06.group_makeup(even).endswith("(4 real and 4 fake images each).")
    uneven = pd.DataFrame({0: [3, 5], 1: [4, 6]})
    assert "from 3 to 5 real and from 4 to 6 fake" in ch06.group_makeup(uneven)
    one_class = pd.DataFrame({0: [4, 0, 2], 1: [4, 6, 0]})
    assert ch06.group_makeup(one_class).startswith("1 of the 3 test groups hold both")


def test_design_effects_and_clustering_verdict():
    seen = pd.Series({"specificity": 1.171, "recall": 1.013})
    chance = {"real": (0.63, 1.42), "fake": (0.81, 1.37)}
    counts = {"real": (27, 120), "fake": (8, 120)}
    table = ch06.design_effects({"real": 1.52, "fake": 0.5}, {"real": 4, "fake": 4}, seen,
                                counts)
    assert table.shape[1] <= 6  # fits a Colab page without scrolling
    real = table.loc["real (specificity)"]
    assert (real["p"], real["m"], real["p(1 − p)/m"], real["design effect"]) == \
        (0.225, 4, 0.0436, 1.52)
    assert (real["√ of it"], real["ratio seen"]) == (1.23, 1.171)
    said = ch06.clustering_verdict({"real": 1.52, "fake": 0.5}, chance, counts)
    assert said == ("In this run 27 of 120 real faces called fake cluster by group (design "
                    "effect 1.52, above 1.42, the shuffles' 95% quantile); 8 of 120 fakes "
                    "missed spread over the groups more evenly than chance (design effect "
                    "0.50, below 0.81, the shuffles' 5% quantile).")
    quiet = ch06.clustering_verdict({"real": 1.0, "fake": float("nan")}, chance)
    assert "cannot be told from no clustering" in quiet and "fakes missed cannot cluster" in quiet
    assert "middle 90%, 0.63 to 1.42" in quiet


def test_spread_shape():
    table = pd.DataFrame({"threshold": [0.396, 0.591, 0.628]})
    fakes = [0.1, 0.45, 0.591, 0.6, 0.61, 0.62, 0.9]
    said = ch06.spread_shape("Model 1", table, fakes)
    # report_06 finding 5 (review 19): the point first; report_06 finding 3 (r22): no
    # brackets in brackets, the sparse side's fake scores finish the point
    assert said == ("Model 1's median threshold (0.591) lies far from its 5% quantile (0.396) "
                    "because each resampled set's threshold is one of the validation fakes' "
                    "scores, and those are sparse below the median: only one fake score, "
                    "0.450, lies between that quantile and the median, so a resample that "
                    "moves the threshold below the median moves it a long way. Above the "
                    "median, up to the 95% quantile (0.628), the fakes score 0.600, 0.610 and "
                    "0.620, in a stretch 5.3 times shorter. The quantiles are interpolated "
                    "between chosen thresholds, so they need not be fake scores.")
    assert "((" not in said
    many = ch06.spread_shape("Model 1", table, [0.45] + [0.6 + i / 1000 for i in range(8)])
    assert ("up to the 95% quantile (0.628), the fakes score from 0.600 to 0.607 (8 fakes), "
            "in a stretch") in many
    above = ch06.spread_shape("Model 1", pd.DataFrame({"threshold": [0.1, 0.12, 0.3]}),
                              [0.11, 0.2])
    assert above.startswith("Model 1's median threshold (0.120) lies far from its 95% "
                            "quantile (0.300)")
    assert "sparse above the median: only one fake score, 0.200, lies" in above
    assert "Below the median, down to the 5% quantile (0.100), the fakes score 0.110" in above
    # the long side holds more fake scores: no such reason to give
    assert ch06.spread_shape("Model 1", table, [0.4, 0.45, 0.5, 0.61]) == ""
    even = pd.DataFrame({"threshold": [0.4, 0.5, 0.6]})
    assert ch06.spread_shape("Model 1", even, fakes) == ""


def test_spread_reading():
    table = pd.DataFrame({"threshold": [0.3955, 0.5906, 0.6278],
                          "test recall": [0.975, 0.9, 0.8833],
                          "test specificity": [0.65, 0.8417, 0.8667]})
    said = ch06.spread_reading("Model 1", table, 0.95)
    assert said == ("Model 1: 90% of the resampled validation sets chose a threshold between "
                    "0.396 and 0.628 (median 0.591). On test those catch from 0.883 to 0.975 "
                    "of the fakes (target 0.95) and keep from 0.650 to 0.867 of the real "
                    "faces.")
    low = pd.DataFrame({"threshold": [0.0000811, 0.00683, 0.0203],
                        "test recall": [1, 0.96, 0.9], "test specificity": [0.525, 0.85, 0.9]})
    said = ch06.spread_reading("Model 2", low, 0.95)
    assert "between 0.0000811 and 0.0203 (median 0.00683)" in said
    assert "all lie near 0, where Model 2's scores crowd" in said
    assert "None of them calls every face fake" in said
    low["test specificity"] = [0.0, 0.85, 0.9]
    assert "None of them" not in ch06.spread_reading("Model 2", low, 0.95)


@pytest.mark.parametrize("value, shown", [(8.11e-05, "0.0000811"), (0.0203, "0.0203"),
                                          (0.5906, "0.591"), (0.5, "0.500"), (0.0, "0.00")])
def test_digits3(value, shown):
    assert ch06.digits3(value) == shown


def test_threshold_reading_says_the_missing_margin():
    # report_06 finding 3: 0.5 caught 0.933, short of 0.95 too: the margin was too thin,
    # not "needed", and the two are 4 of 120 fakes apart, inside the interval's width
    said = ch06.threshold_reading("Model 1", 0.967, 0.591, 0.9, 0.95, half_recall=0.9333,
                                  n_fakes=120, half_interval=(0.883, 0.975))
    assert ("On test neither threshold reached the target: 0.900 at 0.591, 0.933 at 0.5 "
            "(4 fakes apart, less than the width of the recall interval at 0.5, 0.883 to "
            "0.975). Validation's margin above the target was too thin to count on") in said
    assert "was needed" not in said and "keeps a larger one" in said
    assert "(4 fakes apart)." in ch06.threshold_reading(
        "Model 1", 0.967, 0.591, 0.9, 0.95, half_recall=0.9333, n_fakes=120,
        half_interval=(0.92, 0.94))
    short = ch06.threshold_reading("Model 1", 0.967, 0.591, 0.9, 0.95, half_recall=0.933)
    assert "0.933 at 0.5. Validation's margin" in short
    needed = ch06.threshold_reading("Model 1", 0.967, 0.591, 0.9, 0.95, half_recall=0.958)
    assert "caught 0.958, enough for the target" in needed and "was needed" in needed
    assert "keeps a margin" in needed
    # report_06 finding 6: a rule fixed in advance, not a pick from the test columns
    assert "without reading the test columns" in said and "low end" not in said
    kept = ch06.threshold_reading("Model 1", 0.967, 0.591, 0.95, 0.95, half_recall=0.967)
    assert "margin" not in kept
    assert "margin" not in ch06.threshold_reading("Model 1", 0.967, 0.591, 0.9, 0.95)


def test_fit_reading():
    over = pd.DataFrame({"loss": [0.7, 0.3, 0.078, 0.038], "val_loss": [1.456, 0.313, 0.543, 0.6],
                         "val_auc": [0.6, 0.9, 0.963, 0.95]})
    said = ch06.fit_reading("Model 2", over)
    # report_06 finding 3 (r22): the verdict first, why that epoch was kept apart
    assert said.startswith("Model 2 over-fits: it fits its training faces far better than new "
                           "ones. At epoch 3, the one kept, its training loss was 0.078 and "
                           "its validation loss 0.543, 7 times as high: over-fitting by this "
                           "chapter's rule (at the epoch kept, a validation loss more than "
                           "twice the training loss and more than 0.1 above it). After epoch 1")
    assert "between 0.313 and 0.600, while its training loss fell to 0.038.\n\nEarly" in said
    close = pd.DataFrame({"loss": [0.6, 0.493], "val_loss": [0.6, 0.409], "val_auc": [0.7, 0.9]})
    said = ch06.fit_reading("Model 1", close)
    assert "stay close (at epoch 2, the one kept: 0.493 and 0.409)" in said
    assert "trail validation's, probably because dropout" in said
    assert not ch06.overfits(close) and ch06.overfits(over)
    ahead = pd.DataFrame({"loss": [0.6, 0.4], "val_loss": [0.6, 0.45], "val_auc": [0.7, 0.9]})
    assert "dropout" not in ch06.fit_reading("Model 1", ahead)


def test_interval_widths():
    cols = pd.MultiIndex.from_product([["Model 1", "Model 2"], ["value", "low", "high"]])
    table = pd.DataFrame([[0.9, 0.85, 0.95, 0.97, 0.9551, 0.9826],
                          [0.77, 0.6834, 0.8586, 0.9, 0.85, 0.95]],
                         index=["roc_auc", "specificity"], columns=cols)
    table[("always fake", "value")] = 0.5
    said = ch06.interval_widths(table)
    # from the ends as the table shows them: 0.983 - 0.955 and 0.859 - 0.683
    # report_06 finding 8: widths, not ± points (percentile intervals are not symmetric)
    assert said.startswith("These 95% intervals are from 0.028 wide (Model 2's ROC-AUC) to "
                           "0.176 (Model 1's specificity): 2.8 to 17.6 percentage points from "
                           "end to end")
    assert "±" not in said


def test_training_time():
    both = ch06.training_time({"Model 1": [12.0, 7.4], "Model 2": [17.0, 6.9]})
    assert both.startswith("In this run training took 43 s (Model 1 19 s and Model 2 24 s: ")
    assert "cache" not in both
    halves = ch06.training_time({"Model 1": [84.6], "Model 2": [106.6]})
    assert "took 192 s (Model 1 85 s and Model 2 107 s" in halves  # the parts add up
    one = ch06.training_time({"Model 1": [12.0, 7.4], "Model 2": []})
    assert "took 19 s (Model 1 19 s: " in one and "Model 2 came from dfkit's model cache" in one
    none = ch06.training_time({"Model 1": [], "Model 2": []})
    assert none.startswith("In this run nothing trained: Model 1 and Model 2 came from")


def test_pr_drop_note():
    y = np.array([1] * 10 + [0] * 10)
    clean = np.linspace(1, 0, 20)  # every fake above every real face
    assert ch06.pr_drop_note(y, {"Model 1": clean}) == ""
    early = clean.copy()
    early[[0, 10]] = early[[10, 0]]  # a real face scores highest
    said = ch06.pr_drop_note(y, {"Model 1": early, "Model 2": clean})
    assert said.endswith("steeply: Model 1's curve dips to precision 0.50 at recall 0.10, "
                         "where its 2 highest-scored test images hold 1 fake and 1 real face "
                         "(the lowest point before 10% of the fakes are caught).")
    assert "Model 2" not in said
    # the laptop run's shape: 7 fakes, 2 real faces, then fakes again: the dip is at the
    # 9th image (precision 0.78), the point the figure shows, not at 10% of the fakes
    y = np.array([1] * 7 + [0] * 2 + [1] * 113 + [0] * 118)
    ranked = np.linspace(1, 0, len(y))
    said = ch06.pr_drop_note(y, {"Model 1": ranked})
    assert "dips to precision 0.78 at recall 0.06, where its 9 highest-scored" in said
    assert "hold 7 fakes and 2 real faces" in said
    ties = np.r_[np.ones(9), np.linspace(0.9, 0, len(y) - 9)]  # the 9 tie: one point
    assert "its 9 highest-scored" in ch06.pr_drop_note(y, {"Model 1": ties})
