"""Chapter 11's sentences, branch by branch, on made-up numbers."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from dfkit.course.readings import ch11
from dfkit.evaluation import calibration


def _bins(points: list[tuple[float, float, float]]) -> pd.DataFrame:
    """A reliability_bins table from (mean score, share of fakes, faces) per bin."""
    bins = pd.DataFrame(points, columns=["mean_predicted", "fraction_fake", "weight"])
    bins["gap"] = bins["fraction_fake"] - bins["mean_predicted"]
    return bins


# the laptop run's validation diagram: below the diagonal on both sides on average, but the
# bin at 0.85 above it (a reader caught a reading that called moving it up "the wrong way")
RUN = _bins([(0.04, 0.0, 30), (0.15, 0.2, 5), (0.24, 0.0, 8), (0.33, 0.0, 6),
             (0.47, 0.333, 6), (0.56, 0.25, 8), (0.65, 0.0, 5), (0.76, 0.727, 11),
             (0.85, 0.93, 28), (0.92, 0.889, 13)])


def _side_bins(lo: float, hi: float) -> pd.DataFrame:
    """One bin each side of 0.5 with the given gaps (NaN: no bin on that side)."""
    rows = [(m, m + g, 10) for m, g in ((0.3, lo), (0.7, hi)) if not math.isnan(g)]
    return _bins(rows)


def test_side_gaps_weigh_each_bin_by_its_faces():
    lo, hi = ch11.side_gaps(_bins([(0.2, 0.3, 10), (0.4, 0.2, 30), (0.8, 0.8, 5)]))
    assert lo == pytest.approx((0.1 * 10 - 0.2 * 30) / 40) and hi == pytest.approx(0.0)
    assert math.isnan(ch11.side_gaps(_bins([(0.8, 0.8, 5)]))[0])


def test_a_shift_towards_fake_is_named_conclusion_first_and_short():
    text = ch11.diagram_reading(RUN, 0.861, 1.589, -0.987)
    # the two sides' weighted mean gaps and the one conclusion, first
    assert text.startswith("On validation both sides of `0.5` lie below the diagonal (mean "
                           "gaps ")
    assert "each bin weighted by its faces): the scores are shifted towards \"fake\" " \
           "(under-confident below `0.5`, over-confident above), which needs an offset, not a " \
           "temperature." in text
    assert ("The fitted T = 0.861 sharpens (below 1, unlike the over-confidence Guo et al. "
            "2017 found in large networks) and moves the two sides opposite ways, so it cannot "
            "undo the shift") in text
    assert ("Platt's map (a = 1.589, b = -0.987) leaves 0.842 unchanged, lowers the scores "
            "below it and raises those above.") in text
    # no bin-by-bin verdicts on bins of a handful of faces (a reader: 350 words of noise)
    assert "the bin at" not in text and "wrong way" not in text and "\n  - " not in text
    assert "its direction is no evidence, the two mean gaps are." in text
    assert len(text.split()) <= 120  # it ran to 350 words
    run = ch11.diagram_reading(RUN, 0.861, 1.589, -0.9885)
    assert "leaves 0.843 unchanged" in run


def test_a_side_whose_interval_holds_zero_is_within_noise():
    # a reader found the laptop run's -0.056 above 0.5 about one standard error from 0
    clear, noisy = (-0.16, -0.05), (-0.13, 0.01)
    text = ch11.diagram_reading(RUN, 0.861, 1.589, -0.987, intervals=(clear, noisy))
    assert "shifted towards" not in text and "cannot undo the shift" not in text
    assert "lie below the diagonal on average (mean gap -0.103, each bin weighted by its " \
           "faces, 95% interval -0.160 to -0.050), under-confident" in text
    assert "The scores above `0.5` lie within noise of the diagonal (mean gap -0.065" in text
    # the case that occurred is named, conclusion first (a reader could not tell which of
    # "neither ... or only one" held), and both points below the diagonal are read as the
    # pattern of a shift that Platt's offset may correct (a reader found "no lean" three
    # cells before Platt's offset won on test)
    assert text.startswith("On validation the diagram shows no clear lean of the model as a "
                           "whole: only one side is off the diagonal by more than chance, read")
    assert ("Both point estimates lie below the diagonal, the pattern of a shift towards "
            "\"fake\" that an offset corrects; only the side below `0.5` is clear of noise on "
            "its own") in text
    neither = ch11.diagram_reading(RUN, 0.861, 1.589, -0.987,
                                   intervals=((-0.16, 0.01), noisy))
    assert "whole: neither side is off the diagonal by more than chance, read" in neither
    assert "neither is clear of noise on its own" in neither
    # the verdict in a short first paragraph, each side in a bullet (a reader: 160 words)
    assert len(text.split("\n")[0].split()) <= 40
    assert "\n- The scores below `0.5` lie below" in text
    assert "the two mean gaps, read with their intervals, are." in text
    both = ch11.diagram_reading(RUN, 0.861, 1.589, -0.987, intervals=(clear, (-0.1, -0.01)))
    assert "shifted towards \"fake\"" in both
    assert "(-0.160 to -0.050) and -0.065 above (-0.100 to -0.010)" in both
    assert len(both.split()) <= 140
    # the chapter passes a NumPy array of the two intervals
    array = ch11.diagram_reading(RUN, 0.861, 1.589, -0.987, intervals=np.array([clear, noisy]))
    assert array == text


def test_platt_crossing():
    assert calibration.platt_crossing(1.589, -0.987) == pytest.approx(0.8424, abs=1e-4)
    assert calibration.platt_crossing(0.5, 0.0) == pytest.approx(0.5)
    assert math.isnan(calibration.platt_crossing(1.0, 0.3))


@pytest.mark.parametrize("lo, hi, t, words", [
    (0.05, -0.05, 1.4, "flatter than the diagonal"),
    (-0.05, 0.05, 0.7, "steeper than the diagonal"),
    (0.05, 0.05, 1.0, "shifted towards \"real\""),
])
def test_the_patterns_follow_the_diagram_rule(lo, hi, t, words):
    text = ch11.diagram_reading(_side_bins(lo, hi), t, 1.0, 0.0)
    assert words in text and "hardly at all" in text


def test_a_softening_temperature_on_a_flat_curve():
    text = ch11.diagram_reading(_side_bins(0.05, -0.05), 1.4, 0.7, 0.3)
    assert "flatter than the diagonal, over-confident on both sides" in text
    assert "T = 1.400 softens (above 1, as for the over-confidence Guo" in text
    assert "cannot undo" not in text  # no shift to undo
    # a < 1 softens around its crossing: up below it, down above it
    assert "leaves 0.731 unchanged, raises the scores below it and lowers those above" in text


def test_platt_without_a_crossing_moves_every_score_one_way():
    text = ch11.diagram_reading(_side_bins(0.05, 0.05), 1.0, 1.0, 0.6)
    assert "Platt's map (a = 1.000, b = 0.600) moves every score up." in text


def test_an_empty_side_and_a_near_one_temperature():
    text = ch11.diagram_reading(_side_bins(float("nan"), 0.01), 1.02, 1.0, 0.0)
    assert "scores below `0.5` fill no bin" in text and "on the diagonal within" in text
    assert "T = 1.020 barely moves any score" in text


def _test(raw, temp, platt):
    return pd.DataFrame({"test ECE": [raw[0], temp[0], platt[0]],
                         "test log loss": [raw[1], temp[1], platt[1]]},
                        index=["raw", "temperature", "Platt"])


def test_validation_chooses_and_test_agrees():
    text = ch11.rescaling_choice({"raw": 0.378, "temperature": 0.380, "Platt": 0.371},
                                 _test((0.095, 0.310), (0.075, 0.301), (0.054, 0.269)))
    assert text.startswith("Chosen on validation among raw, temperature and Platt: Platt "
                           "scaling, the lowest validation log loss (0.371 against 0.378 "
                           "for raw, 0.380 for temperature; the rescalings scored out of "
                           "fold, the raw scores need no fit).")
    assert "kept only because it won on validation" in text
    assert "ECE 0.054 and log loss 0.269 (raw scores 0.095 and 0.310)." in text
    assert "preferred" not in text


def test_test_disagreeing_is_said_and_not_acted_on():
    text = ch11.rescaling_choice({"raw": 0.38, "temperature": 0.36, "Platt": 0.371},
                                 _test((0.095, 0.310), (0.075, 0.301), (0.054, 0.269)))
    assert "raw, temperature and Platt: temperature scaling" in text
    assert "Test would have preferred Platt scaling (log loss 0.269)" in text


def test_raw_wins_and_is_kept():
    assert ch11.chosen_rescaling({"raw": 0.36, "temperature": 0.3612, "Platt": 0.37}) == "raw"
    text = ch11.rescaling_choice({"raw": 0.35, "temperature": 0.36, "Platt": 0.37},
                                 _test((0.095, 0.310), (0.075, 0.301), (0.054, 0.269)))
    assert "the raw scores, no rescaling, the lowest" in text
    assert "Neither rescaling beats the raw scores" in text
    assert "log loss 0.310." in text and "Test would have preferred Platt scaling" in text


def test_a_tie_goes_to_the_fewer_parameters():
    assert ch11.chosen_rescaling({"temperature": 0.3712, "Platt": 0.3709}) == "temperature"
    assert ch11.chosen_rescaling({"temperature": 0.3812, "Platt": 0.3709}) == "Platt"
    text = ch11.rescaling_choice({"raw": 0.4, "temperature": 0.3712, "Platt": 0.3709},
                                 _test((0.1, 0.3), (0.08, 0.29), (0.07, 0.28)))
    assert "a tie at three decimals, so the one with fewer parameters" in text


def test_prior_shift_weight_names_the_lowest_bin_and_the_farthest_point():
    bins = pd.DataFrame({"weight": [98.0, 1.9, 0.1], "mean_predicted": [0.01, 0.14, 0.2],
                         "fraction_fake": [0.005, 0.08, 1.0],
                         "gap": [-0.005, -0.06, 0.8]})
    text = ch11.prior_shift_weight(bins)
    assert "98.0% of the weight sits in the lowest bin (mean score 0.010" in text
    assert "at (0.20, 1.00), carries 0.10% of it." in text


def _costs(bayes, search, flagged=74):
    return pd.DataFrame({"threshold": [0.83, 0.78, float("inf")],
                         "fakes caught": [flagged, 101, 0],
                         "false alarms": [6 if flagged else 0, 12, 0],
                         "cost/1k": [bayes, search, 200.0]},
                        index=["Bayes rule on rescaled scores",
                               "searched on validation (ch. 10)", "flag nothing"])


def test_cost_winner_branches():
    tie = (-4.5, -14.0, 5.0)
    assert ch11.cost_winner(_costs(126.2, 130.7), tie, 8.25, 1.67) == (
        "On this run the two thresholds cannot be told apart on test (formula minus search, "
        "95% interval resampling identity groups: -14.0 to +5.0 per 1,000, which holds 0); "
        "the formula's point estimate is the lower, 126.2 per 1,000 faces against 130.7; "
        "flagging nothing costs 200.0. The gap, 4.5 per 1,000, is less than one false alarm: "
        "on these test faces one more false alarm adds 8.25 per 1,000 and one more miss 1.67.")
    assert "the search's point estimate is the lower" in ch11.cost_winner(
        _costs(140.0, 130.0), tie, 8.25, 1.67)
    assert "both cost 130.0 per 1,000" in ch11.cost_winner(_costs(130.01, 130.0), tie, 8.25,
                                                           1.67)
    assert "flags no test face" in ch11.cost_winner(_costs(200.0, 130.0, flagged=0), tie, 8, 1)
    assert "Neither threshold beats" in ch11.cost_winner(_costs(210.0, 205.0), tie, 8, 1)
    small = ch11.cost_winner(_costs(130.2, 130.7), (-0.5, -3, 2), 8.25, 1.67)
    assert "is smaller than any one face" in small
    apart = ch11.cost_winner(_costs(110.0, 130.7), (-20.7, -35.0, -6.0), 8.25, 1.67)
    assert "more than one false alarm" in apart
    assert apart.startswith("On these test faces the formula is cheaper, on one split of one "
                            "run (formula minus search")


def _families(ece_seen, ece_unseen, ece_model1=0.080):
    return pd.DataFrame({"fakes": [60, 60], "ECE": [ece_seen, ece_unseen],
                         "ROC-AUC": [0.889, 0.763], "mean P(fake)": [0.513, 0.367],
                         "Model 1 ECE": [ece_model1, 0.07]},
                        index=["gan fakes (seen in training)", "faceswap fakes (never seen)"])


def test_family_reading_against_the_seen_family_and_model1_on_the_same_faces():
    shares = (0.5, 0.333)
    text = ch11.family_reading(_families(0.106, 0.174), "Platt", shares, 120, (0.02, 0.12))
    # the verdict first (report_11 finding 4, r20: the conclusion came after five dense
    # paragraphs): what changes from the seen row to the unseen one, then its intervals
    first, baseline, scores = text.split("\n\n")
    assert first.startswith("Against the gan fakes it was trained on, the family model gives "
                            "the never-seen faceswap fakes a higher ECE (+0.068) and a lower "
                            "ROC-AUC (0.889 to 0.763).")
    assert "ECE rise +0.020 to +0.120, clear of 0" in first
    assert "So the new family adds that rise, not the whole ECE;" in first
    assert "a loss of detection, not of calibration, that no rescaling repairs" in first
    # "higher" attached to the ECE, not to the ROC-AUC (a reader could read either)
    assert baseline == ("The baseline is the seen row, how well the family model is "
                        "calibrated on the family it knows: ECE 0.106, higher than Model 1's "
                        "0.080 on the same faces.")
    # the shift's two shares named, and the test rows' share (a reader took the family
    # model's validation share for the test split's); the shares behind Model 1's ECE come
    # last, after the verdict and the baseline (a reader lost a bullet in a 60-word
    # parenthetical)
    assert scores.startswith("The family model's scores: Platt scaling, chosen on its own "
                             "validation split")
    assert ("`Model 1 ECE`: Model 1 saw both families, and its scores assume its own "
            "validation share of fakes, 0.50; the prior shift moved them to the family "
            "model's, 0.33, the share each row's test faces hold too, 60 of 180.") in scores
    for paragraph in (first, baseline, scores):  # parentheses one deep (a reader)
        depth = max(paragraph[:i].count("(") - paragraph[:i].count(")")
                    for i in range(len(paragraph)))
        assert depth <= 1
    other = ch11.family_reading(_families(0.106, 0.174), "Platt", (0.5, 0.4), 120,
                                (0.02, 0.12))
    assert "while the rows' test faces hold 0.33 and 0.33" in other
    chance = ch11.family_reading(_families(0.106, 0.174), "Platt", shares, 120, (-0.01, 0.12))
    assert "ECE rise -0.010 to +0.120, which holds 0" in chance
    assert "the ECE rise could be chance on this run's few fakes" in chance
    assert "within `0.02` of Model 1's" in ch11.family_reading(
        _families(0.106, 0.174, 0.100), "temperature", shares, 120, (0.02, 0.12))
    same = ch11.family_reading(_families(0.106, 0.110), "raw", shares, 120, (-0.05, 0.06))
    assert "does not separate" in same and "the raw scores, no rescaling," in same


def test_family_reading_gives_the_auc_fall_and_the_baseline_their_intervals():
    # a reader: the fall in ROC-AUC and the family model against Model 1 read as real
    # without an interval
    shares = (0.5, 0.33)
    text = ch11.family_reading(_families(0.091, 0.144, 0.068), "raw", shares, 120,
                               (0.021, 0.107), (0.02, 0.23), (-0.03, 0.07))
    assert ("the family it knows: ECE 0.091 against Model 1's 0.068 on the same faces "
            "(difference +0.023, 95% interval -0.030 to +0.070, which holds 0: about the same "
            "on this run)") in text
    assert "higher than Model 1's" not in text
    assert "ROC-AUC fall +0.020 to +0.230, clear of 0" in text
    assert "the lower ROC-AUC is a loss of detection" in text
    chance = ch11.family_reading(_families(0.091, 0.144, 0.068), "raw", shares, 120,
                                 (0.021, 0.107), (-0.02, 0.23), (0.01, 0.07))
    assert "the ROC-AUC fall could be chance on this run's few fakes" in chance
    assert "no rescaling repairs" not in chance
    assert "+0.010 to +0.070, clear of 0)" in chance


def test_family_shape_names_a_shift_the_temperature_cannot_follow():
    above = _bins([(0.1, 0.3, 40), (0.4, 0.6, 20), (0.6, 0.8, 10), (0.73, 0.8, 10)])
    flat = _bins([(0.1, 0.11, 40), (0.8, 0.79, 40)])
    cv = {"raw": 0.54, "temperature": 0.52, "Platt": 0.53}
    aucs = (0.940, 0.889)
    text = ch11.family_shape(above, 0.734, "temperature", cv, flat, aucs)
    # the verdict first, the caveats in a paragraph of their own (a reader: 154 words)
    assert text.startswith("The seen family's test scores are shifted towards \"real\", "
                           "which only an offset (Platt's b) can correct. Read by the over- "
                           "and under-confidence table at the start of section 1, their curve "
                           "lies above the diagonal on both sides of `0.5`")
    assert "\n\nThe temperature was kept" in text
    assert "no face, real or fake, scores above 0.73" in text
    assert "The temperature was kept because it won" in text
    # every candidate's validation log loss, the temperature's too
    assert "(log loss 0.520 against 0.540 for raw and 0.530 for Platt)" in text
    assert "switching now would choose on test" in text
    # why validation did not catch what test shows
    assert ("Validation did not show that shift: there the raw scores below `0.5` lay on "
            "the diagonal (mean gap +0.010) and those above `0.5` lay on the diagonal (mean "
            "gap -0.010), not the whole curve on one side. Its ROC-AUC was 0.940 there "
            "(computed exactly) against 0.889 on test.") in text
    # the laptop run: one side on the diagonal, the other above it
    one_side = _bins([(0.1, 0.095, 40), (0.6, 0.774, 40)])
    assert ("below `0.5` lay on the diagonal (mean gap -0.005) and those above `0.5` lay "
            "above it (mean gap +0.174)") in ch11.family_shape(
                above, 0.734, "raw", cv, one_side, aucs)
    assert "a difference between the two splits" in text
    shown = ch11.family_shape(above, 0.734, "raw", cv, above, aucs)
    assert "The raw scores were kept because they won" in shown
    assert "Validation showed the shift too" in shown
    assert "did not remove the shift" in ch11.family_shape(above, 0.734, "Platt", cv, flat, aucs)
    below = _bins([(0.3, 0.1, 10), (0.8, 0.6, 10)])
    assert "towards \"fake\"" in ch11.family_shape(below, 0.9, "temperature", cv, flat, aucs)
    assert ch11.family_shape(_bins([(0.3, 0.31, 10), (0.8, 0.6, 10)]), 0.9, "Platt", cv,
                             flat, aucs) == ""


def test_operating_points():
    text = ch11.operating_points(0.564, 24, 0.781, 12, 120)
    assert text.startswith("Of the 120 real test faces, the recall-`0.95` threshold (0.564) "
                           "flags 24; chapter 10's least-cost threshold (0.781, searched on "
                           "validation), where a deployment at 1 fake in 100 would sit, "
                           "flags 12.")
    assert "rests on more errors (24 in all against 12)" in text
    assert "changes little" in ch11.operating_points(0.6, 10, 0.5, 12, 120)


def _rates(column: str, levels: list[str], bounds: list[tuple[float, float]]) -> pd.DataFrame:
    return pd.DataFrame({column: levels, "low": [b[0] for b in bounds],
                         "high": [b[1] for b in bounds]})


def test_intervals_apart_names_each_separated_pair_and_counts_the_pairs():
    tables = {"skin": _rates("skin", ["darker", "middle", "lighter"],
                             [(0.30, 0.50), (0.05, 0.20), (0.10, 0.35)]),
              "lighting": _rates("lighting", ["dim", "bright"], [(0.0, 0.1), (0.05, 0.3)])}
    text = ch11.intervals_apart(tables)
    assert text.startswith("Pairs of levels compared, over all attributes: 4.")
    assert "this run: skin = darker more than skin = middle. Non-overlap is a strict test" in text
    # a reader: "strict" and "a chance hit is not surprising" contradicted each other
    # the chance figure from each pair's widths, not the equal-width 0.6% for all (a reader
    # found widths of 0.32 and 0.16 on the pair apart): 0.6% to 1.1% here, about 3% over 4
    assert "from this run's widths (each interval taken as its estimate ± 1.96 standard " \
           "errors), 0.6% to 1.1% per pair, so over 4 pairs about 3% of runs would show a " \
           "pair apart by chance: a pair apart is unlikely to be chance alone" in text
    assert text.endswith("overlapping intervals do not show that there is none.")


def test_chance_apart_grows_as_the_widths_differ():
    assert ch11.chance_apart(0.0, 0.2, 0.5, 0.7) == pytest.approx(ch11.P_APART, abs=2e-4)
    # 2:1, the report's dim and bright lighting: z = 1.96 * 3 / sqrt(5), about 0.85%
    assert ch11.chance_apart(0.216, 0.536, 0.034, 0.192) == pytest.approx(0.0085, abs=3e-4)
    assert ch11.chance_apart(0.0, 0.2, 0.5, 0.5) == pytest.approx(0.05, abs=1e-3)
    assert ch11.chance_apart(0.1, 0.1, 0.2, 0.2) == 0.0
    assert ch11.chance_apart(np.nan, np.nan, 0.1, 0.3) == 0.0


def test_intervals_apart_at_the_laptop_runs_widths():
    tables = {"skin": _rates("skin", ["darker", "middle", "lighter"],
                             [(0.105, 0.324), (0.119, 0.327), (0.059, 0.250)]),
              "lighting": _rates("lighting", ["dim", "medium", "bright"],
                                 [(0.216, 0.536), (0.062, 0.317), (0.034, 0.192)]),
              "shadowed": _rates("shadowed", ["no", "yes"], [(0.091, 0.235), (0.132, 0.457)])}
    text = ch11.intervals_apart(tables)
    assert "lighting = dim more than lighting = bright." in text
    assert "0.6% to 1.0% per pair, so over 7 pairs about 5% of runs" in text
    one = ch11.intervals_apart({"skin": _rates("skin", ["a", "b"], [(0.1, 0.4), (0.3, 0.6)])})
    assert "so over 1 pair about 1% of runs" in one


def test_intervals_apart_two_pairs_joined():
    tables = {"skin": _rates("skin", ["darker", "lighter"], [(0.30, 0.50), (0.05, 0.20)]),
              "shadowed": _rates("shadowed", [False, True], [(0.0, 0.1), (0.2, 0.4)])}
    text = ch11.intervals_apart(tables)
    assert ("skin = darker more than skin = lighter; shadowed = True more than "
            "shadowed = False.") in text


def test_intervals_apart_none():
    tables = {"skin": _rates("skin", ["darker", "lighter"], [(0.1, 0.4), (0.3, 0.5)])}
    text = ch11.intervals_apart(tables)
    assert "this run: none. Non-overlap is a strict test" in text
    assert text.endswith("only that this run cannot show one.")


def _history(val_auc, val_loss):
    return pd.DataFrame({"val_auc": val_auc, "val_loss": val_loss})


def test_training_state_says_whether_the_model_was_still_improving():
    rising = _history([0.679, 0.785, 0.9, 0.940], [0.618, 0.5, 0.4, 0.335])
    improving, text = ch11.training_state(rising, 4)
    assert improving and text == (
        "The family model was still improving when training stopped: it ran to the profile's "
        "cap of 4 epochs, and its validation AUC was best at the last one (0.679 after epoch "
        "1, 0.940 after epoch 4), with its validation loss still falling (0.618 to 0.335).")
    loss_up = ch11.training_state(_history([0.6, 0.7, 0.8], [0.5, 0.4, 0.45]), 3)[1]
    assert "though its validation loss was lowest at epoch 2" in loss_up
    improving, text = ch11.training_state(_history([0.6, 0.8, 0.7, 0.7, 0.7],
                                                   [0.5] * 5), 10)
    assert improving is False
    assert text.startswith("The family model stopped early after 5 epochs and kept epoch 2")
    assert ch11.training_state(_history([0.6, 0.8, 0.7], [0.5] * 3), 3)[0] is False
    assert ch11.training_state(None, 10) == (None, "")


def test_family_shape_hedges_the_shift_when_the_model_was_still_improving():
    above = _bins([(0.1, 0.3, 40), (0.4, 0.6, 20), (0.6, 0.8, 10), (0.66, 0.8, 10)])
    one_side = _bins([(0.1, 0.095, 40), (0.6, 0.774, 40)])
    cv = {"raw": 0.335, "temperature": 0.344, "Platt": 0.351}
    rising = _history([0.679, 0.785, 0.940], [0.618, 0.5, 0.335])
    text = ch11.family_shape(above, 0.67, "raw", cv, one_side, (0.941, 0.889), rising, 3)
    # the exact AUC and the epoch log's approximate one, said once which is which
    assert ("Its ROC-AUC was 0.941 there (computed exactly; the epoch log's `auc`, 0.940, is "
            "Keras's approximation of it) against 0.889 on test.") in text
    # the cap said once, in one sentence, with the squeeze the output shows
    assert ("\n\nThe family model ran to the profile's cap of 3 epochs still improving on "
            "validation (validation loss 0.618 after epoch 1, 0.335 after the last), and its "
            "test scores are squeezed below 0.67") in text
    assert "was still improving when training stopped" not in text
    assert "One run cannot tell which" in text
    assert "the shift is a difference between the two splits" not in text
    stopped = _history([0.679, 0.940, 0.9, 0.9, 0.9], [0.6, 0.4, 0.45, 0.5, 0.5])
    settled = ch11.family_shape(above, 0.67, "raw", cv, one_side, (0.941, 0.889), stopped, 10)
    assert "kept epoch 2, its best validation AUC" in settled
    assert "the shift is a difference between the two splits" in settled
    assert "squeezed" not in settled
    platt = ch11.family_shape(above, 0.67, "Platt", cv, one_side, (0.941, 0.889), rising, 3)
    assert "did not remove the shift on test." in platt and "squeezed" in platt


def test_clustering_against_independent_flags():
    no_cluster = pd.DataFrame({"mean": [0.0] * 13 + [0.25] * 10 + [0.5] * 5 + [0.75] * 2,
                               "size": [4] * 30})
    text = ch11.clustering(no_cluster, (0.133, 0.275), (0.138, 0.280))
    assert text.startswith("If flags fell on faces independently, at this run's rate of "
                           "0.217, about 11.3 of the 30 groups would have no real face flagged "
                           "and 0.1 every one; this run has 13 and 0.")
    rare = pd.DataFrame({"mean": [0.0] * 13 + [0.25] * 17, "size": [6] * 30})
    assert "and fewer than 0.1 every one" in ch11.clustering(rare, (0.1, 0.3), (0.1, 0.3))
    assert "this run shows no sign of clustering by person" in text
    assert "(0.133 to 0.275) is close to the face-level Wilson interval" in text
    clustered = pd.DataFrame({"mean": [0.0] * 22 + [1.0] * 6 + [0.5] * 2, "size": [4] * 30})
    text = ch11.clustering(clustered, (0.05, 0.40), (0.14, 0.28))
    assert "on this run flags cluster by person" in text and "is wider than" in text
    # one group with every face flagged is not yet a pattern
    one = pd.DataFrame({"mean": [0.0] * 11 + [1.0] + [0.25] * 18, "size": [4] * 30})
    assert "no sign of clustering" in ch11.clustering(one, (0.1, 0.3), (0.1, 0.3))
    spread = pd.DataFrame({"mean": [0.25] * 30, "size": [4] * 30})
    assert "more evenly than independent flags" in ch11.clustering(
        spread, (0.2, 0.3), (0.18, 0.33))


def test_model1_still_improving_at_the_cap_hedges_its_sharpening_temperature():
    rising = _history([0.611, 0.650, 0.916, 0.926], [0.692, 0.689, 0.421, 0.378])
    text = ch11.diagram_reading(RUN, 0.861, 1.589, -0.987, rising, 4)
    # one sentence, no claim that Model 1's scores are squeezed (its output shows none)
    assert text.endswith("\n\nModel 1 ran to the profile's cap of 4 epochs still improving "
                         "on validation (validation loss 0.692 after epoch 1, 0.378 after the "
                         "last): one run cannot tell whether T below 1 comes from that.")
    assert "squeez" not in text
    settled = _history([0.611, 0.926, 0.9, 0.9], [0.69, 0.4, 0.45, 0.5])
    assert "cap" not in ch11.diagram_reading(RUN, 0.861, 1.589, -0.987, settled, 10)
    # softening (T > 1) is the over-confidence Guo et al. found: no hedge needed
    assert "cap" not in ch11.diagram_reading(_side_bins(0.05, -0.05), 1.4, 0.7, 0.3,
                                             rising, 4)


def test_ece_yardstick_reads_the_test_ece_against_calibrated_scores():
    floor = np.linspace(0.030, 0.080, 400)
    raw_floor = np.linspace(0.035, 0.090, 400)
    text = ch11.ece_yardstick(floor, 240, "Platt", 0.054, 0.095, raw_floor)
    assert text.startswith("Scores that are calibrated by construction, spread as the "
                           "Platt-rescaled scores are, show an ECE of 0.055 on average on 240 "
                           "faces, and above 0.077 in only 5% of 400 draws")
    # the raw scores judged against their own floor (a reader: not the chosen scores')
    assert "; spread as the raw scores are, 0.062 on average and above 0.087 in 5%." in text
    assert ("The test ECE of the Platt-rescaled scores, 0.054, is within what calibrated scores "
            "show: as calibrated as 240 faces can tell; the raw scores' 0.095 is above their "
            "own floor.") in text
    assert "within their own floor" in ch11.ece_yardstick(floor, 240, "Platt", 0.054, 0.085,
                                                          raw_floor)
    without = ch11.ece_yardstick(floor, 240, "Platt", 0.054, 0.095)
    assert "a floor measured on the chosen scores' spread, not theirs" in without
    assert text.endswith("read every ECE against the floor at its own size, never against 0.")
    above = ch11.ece_yardstick(floor, 240, "raw", 0.095, 0.095)
    assert "is above what calibrated scores show in 95% of draws" in above
    assert "the raw scores' 0.095 is" not in above


def test_rescaling_interval_says_whether_the_gain_clears_the_noise():
    text = ch11.rescaling_interval("Platt", (-0.041, -0.080, 0.004), (-0.041, -0.070, -0.012))
    assert text.startswith("Platt scaling minus the raw scores on test, 95% interval "
                           "resampling identity groups: ECE -0.041 (-0.080 to +0.004, which "
                           "holds 0); log loss -0.041 (-0.070 to -0.012, clear of 0).")
    assert "a likely help, not a sure one" in text
    both = ch11.rescaling_interval("temperature", (-0.04, -0.08, -0.01), (-0.04, -0.07, -0.01))
    assert "helps by both measures, beyond the noise" in both
    neither = ch11.rescaling_interval("Platt", (-0.04, -0.08, 0.01), (-0.01, -0.03, 0.02))
    assert "one run cannot say it helps" in neither
    assert ch11.rescaling_interval("raw", (0, 0, 0), (0, 0, 0)) == ""


def test_family_readings_give_their_gaps_and_q1s_difference_intervals():
    """A reader: the family readings diagnosed shifts from point estimates, against the rule
    that a side whose interval holds 0 is within noise, and q1 was graded on a difference of
    means the prose never gave, with no interval."""
    above = _bins([(0.1, 0.3, 40), (0.4, 0.6, 20), (0.6, 0.8, 10), (0.73, 0.8, 10)])
    one_side = _bins([(0.1, 0.095, 40), (0.6, 0.774, 40)])
    cv = {"raw": 0.54, "temperature": 0.52, "Platt": 0.53}
    clear = ((0.033, 0.119), (0.029, 0.215))
    val = ((-0.068, 0.048), (0.069, 0.300))
    text = ch11.family_shape(above, 0.734, "raw", cv, one_side, (0.94, 0.889),
                             intervals=clear, val_intervals=val)
    assert ("each bin weighted by its faces; 95% intervals resampling identity groups +0.033 "
            "to +0.119 and +0.029 to +0.215)") in text
    assert ("below `0.5` lay on the diagonal (mean gap -0.005, 95% interval -0.068 to +0.048) "
            "and those above `0.5` lay above it (mean gap +0.174, 95% interval +0.069 to "
            "+0.300)") in text
    shown = ch11.family_shape(above, 0.734, "raw", cv, above, (0.94, 0.889),
                              intervals=clear, val_intervals=clear)
    assert "Validation showed the shift too (mean gaps" in shown
    # parentheses one deep (a reader)
    for paragraph in (text, shown):
        depth = max(paragraph[:i].count("(") - paragraph[:i].count(")")
                    for i in range(len(paragraph)))
        assert depth == 1
    noisy = ch11.family_shape(above, 0.734, "raw", cv, one_side, (0.94, 0.889),
                              intervals=((0.033, 0.119), (-0.01, 0.215)))
    assert noisy.startswith("On this run the seen family's test curve shows no clear shift")
    assert "shifted towards" not in noisy
    # validation's upper side within noise: not called above the diagonal
    wide = ch11.family_shape(above, 0.734, "raw", cv, one_side, (0.94, 0.889),
                             intervals=clear, val_intervals=((-0.068, 0.048), (-0.02, 0.3)))
    assert "those above `0.5` lay within noise of it (mean gap +0.174, 95%" in wide
    shares = (0.5, 0.333)
    base = ch11.family_reading(_families(0.106, 0.174), "Platt", shares, 120, (0.02, 0.12))
    assert "mean P(fake)" not in base
    said = ch11.family_reading(_families(0.106, 0.174), "Platt", shares, 120, (0.02, 0.12),
                               shift=(-0.227, -0.053))
    assert ("the never-seen faceswap fakes a lower mean P(fake) (0.367 against 0.513), a "
            "higher ECE") in said
    assert ("resampling identity groups: mean P(fake) difference -0.146 (-0.227 to -0.053): "
            "the whole interval lies beyond q1's band of `0.05`, though only 0.003 from its "
            "edge: another seed could put it across; ECE rise") in said
    # a margin of 0.01 or more goes unremarked (a reader found -0.053 read as safe)
    far = ch11.family_reading(_families(0.106, 0.174), "Platt", shares, 120, (0.02, 0.12),
                              shift=(-0.227, -0.07))
    assert "band of `0.05`; ECE rise" in far and "another seed" not in far
    edge = ch11.family_reading(_families(0.106, 0.174), "Platt", shares, 120, (0.02, 0.12),
                               shift=(-0.046, 0.03))
    assert "lies within q1's band of `0.05`, though only 0.004 from its edge" in edge
    across = ch11.family_reading(_families(0.106, 0.174), "Platt", shares, 120, (0.02, 0.12),
                                 shift=(-0.227, -0.03))
    assert "reaches across the edge of q1's band of `0.05`, so q1's verdict rests" in across
    inside = ch11.family_reading(_families(0.106, 0.174), "Platt", shares, 120, (0.02, 0.12),
                                 shift=(-0.04, 0.03))
    assert "the whole interval lies within q1's band" in inside


PLATT_WON = {"raw": 0.378, "temperature": 0.380, "Platt": 0.371}  # the laptop run's


def test_validation_floor_squares_an_ece_above_its_floor_with_no_lean():
    floor = np.linspace(0.05, 0.12, 101)  # its 95th percentile: 0.116
    no_lean = [(-0.16, 0.02), (-0.11, 0.003)]
    within = ch11.validation_floor(0.10, floor, 120, RUN, no_lean, PLATT_WON, 1.589, -0.987)
    assert "within" in within and "beyond chance" in within
    # within the floor is a failure to detect, not a finding of none
    assert within.endswith("this split shows no mis-calibration beyond chance, which does "
                           "not show there is none.")
    lean = ch11.validation_floor(0.126, floor, 120, RUN, [(0.01, 0.1), (np.nan, np.nan)],
                                 PLATT_WON, 1.589, -0.987)
    assert "neither side" not in lean and "off the diagonal" in lean


def test_validation_floor_names_the_laptop_runs_shift_and_why_platt_won():
    """A reader: with both mean gaps below the diagonal (-0.070 and -0.056) and the temperature
    losing out of fold, this reading called the curve steeper, from T < 1 and a > 1 alone,
    contradicting the diagram's reading two cells before it."""
    floor = np.linspace(0.05, 0.12, 101)
    no_lean = [(-0.163, 0.023), (-0.106, 0.003)]
    text = ch11.validation_floor(0.126, floor, 120, RUN, no_lean, PLATT_WON, 1.589, -0.987)
    assert "above 0.116" in text and "neither side of `0.5` leans clearly on its own" in text
    assert "steeper" not in text and "slope" not in text
    assert ("Both point estimates lie below the diagonal, the pattern of a shift towards "
            "\"fake\" that an offset corrects (mean gaps") in text
    assert "keeps its crossing there, while Platt's offset moves the crossing to 0.842" in text
    assert ("Out of fold Platt scaling won (log loss 0.371 against 0.378 for raw, 0.380 for "
            "temperature), as that pattern predicts.") in text
    # the diagram's reading of the same bins names the same pattern
    diagram = ch11.diagram_reading(RUN, 0.861, 1.589, -0.987, intervals=no_lean)
    assert "the pattern of a shift towards \"fake\"" in diagram and "steeper" not in diagram


@pytest.mark.parametrize("lo, hi, loss, said, unsaid", [
    # a shift, raw kept: Platt's offset did not pay out of fold
    (-0.05, -0.05, {"raw": 0.37, "temperature": 0.38, "Platt": 0.375},
     ["shift towards \"fake\"", "neither rescaling beat the raw scores",
      "Platt's offset did not pay"], ["as that pattern predicts"]),
    # a shift towards real, the temperature winning: said not to correct it
    (0.05, 0.05, {"raw": 0.38, "temperature": 0.37, "Platt": 0.375},
     ["shift towards \"real\"", "Out of fold temperature scaling won",
      "a temperature cannot correct a shift"], ["as that pattern predicts"]),
    # opposite sides: a slope, by the point estimates, not by the fitted maps
    (-0.05, 0.05, {"raw": 0.38, "temperature": 0.37, "Platt": 0.375},
     ["curve steeper than the diagonal that a sharpening map corrects",
      "Out of fold temperature scaling won"], ["shift"]),
    (0.05, -0.05, {"raw": 0.37, "temperature": 0.38, "Platt": 0.375},
     ["curve flatter than the diagonal that a softening map corrects",
      "neither rescaling beat the raw scores"], ["shift", "steeper"]),
    # a side on the diagonal: no pattern, only the shape within a side
    (0.01, -0.05, PLATT_WON,
     ["shape within a side", "Out of fold Platt scaling won"], ["shift", "steeper"]),
])
def test_validation_floor_follows_the_point_estimates_pattern(lo, hi, loss, said, unsaid):
    floor = np.linspace(0.05, 0.12, 101)
    no_lean = [(-0.1, 0.1), (-0.1, 0.1)]
    bins = _side_bins(lo, hi)
    # fitted maps that sharpen whatever the pattern: the reading no longer follows them
    text = ch11.validation_floor(0.126, floor, 120, bins, no_lean, loss, 1.589, -0.987)
    for words in said:
        assert words in text
    for words in unsaid:
        assert words not in text
    pattern = ch11.point_pattern(lo, hi)
    diagram = ch11.diagram_reading(bins, 0.861, 1.589, -0.987, intervals=no_lean)
    if pattern:  # the two readings name the same pattern
        assert ch11.POINTS[pattern] in text and ch11.POINTS[pattern] in diagram
    else:
        assert not any(p in diagram for p in ch11.POINTS.values())


def test_point_pattern():
    assert ch11.point_pattern(-0.07, -0.056) == "fake"
    assert ch11.point_pattern(0.05, 0.03) == "real"
    assert ch11.point_pattern(-0.05, 0.03) == "steeper"
    assert ch11.point_pattern(0.05, -0.03) == "flatter"
    assert ch11.point_pattern(0.01, -0.05) is None
    assert ch11.point_pattern(float("nan"), -0.05) is None


def test_family_table_puts_a_header_over_its_columns():
    families = pd.DataFrame(
        [[60, 0.49, 0.67, 0.09, 0.89, 0.07]] * 2,
        columns=["fakes", "mean P(fake)", "recall@0.5", "ECE", "ROC-AUC",
                 "Model 1 ECE"], index=["seen", "unseen"])
    top = ch11.family_table(families, 120).columns.get_level_values(0)
    assert list(top) == (["family model, on fakes only"] * 3
                         + ["family model, + 120 real"] * 2 + ["Model 1"])


def test_chapter_resample_sentence_names_only_the_intervals_it_counts():
    """Review 20, finding 1: the sentence printed draws_with_both_classes's default for every
    interval, though the cost and error-rate intervals use 2,000 resamples and Wilson's none.
    It names the sides, rescaling and family intervals: each draws with that number."""
    import ast
    from pathlib import Path

    source = (Path(__file__).parents[1] / "chapters"
              / "11_calibration_and_fairness.py").read_text()
    calls = [node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Call)
             and getattr(node.func, "attr", "") == "draws_with_both_classes"]
    targets = {node.args[0].id for node in calls}
    assert targets == {"side_draw", "gain", "family_draw"}
    # each passes the n_boot the sentence prints (a reader found the number read from
    # the function's signature with inspect, an odd idiom to show a learner)
    assert all([k.arg for k in node.keywords] == ["n_boot"]
               and node.keywords[0].value.id == "n_boot" for node in calls)
    assert "inspect" not in source and "n_boot = 1_000" in source
    assert "Each interval in this chapter" not in source
    assert ("The intervals of the diagram's sides below, and of the rescaling "
            "\"\n           f\"and family comparisons further on where shown") in source
