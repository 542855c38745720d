"""Chapter 08's readings, branch by branch, on made-up numbers."""

from __future__ import annotations

import pandas as pd
import pytest

from dfkit.course.readings import ch08


def test_full_ablation_pace_in_minutes_or_under_one():
    """One estimate of the full ablation: Model 1's share, and at least twice it."""
    text = ch08.full_ablation_pace(15, 12.6)
    assert "(15 runs, every input) would take about 12.6 min here" in text
    assert "the full ablation (30 runs) would take at least 25.2 min" in text
    short = ch08.full_ablation_pace(15, 0.4)
    assert "would take under a minute here" in short
    assert "the full ablation (30 runs) would take at least 48 s" in short
    assert "0 min" not in short


VERDICTS = ("pairing helped:", "pairing helped little", "pairing did not help")


@pytest.mark.parametrize("paired_sd, verdict", [
    (0.004, VERDICTS[0]), (0.009, VERDICTS[1]), (0.011, VERDICTS[2])])
def test_pairing_verdict(paired_sd, verdict):
    text = ch08.pairing_verdict(0.008, 0.006, paired_sd, 0.010)
    prose, table = text.split("\n\n")  # the result first, then the table
    assert [v for v in VERDICTS if v in prose] == [verdict]
    assert "| RGB's runs | 0.008 |" in table and "| the stack's runs | 0.006 |" in table
    assert f"| the paired differences (stack minus RGB, per seed) | {paired_sd:.3f} |" \
        in table
    assert prose.startswith(f"In this run {verdict.rstrip(':')}: {paired_sd:.3f} "
                            "paired against 0.010 unpaired.")
    # the general caveats come after this run's result, at most 3 sentences in all
    assert ("can even widen" in prose) == (paired_sd > 0.010)
    assert prose.count(". ") <= 2
    assert ("cannot be told apart" in prose) == (abs(paired_sd - 0.010) < 0.0025)


def test_recorded_pairing_counts_rows():
    paired = pd.Series([0.012, 0.011, 0.005, 0.02])
    unpaired = pd.Series([0.015, 0.0114, 0.010, 0.01])
    assert ch08.recorded_pairing(paired, unpaired) == (
        "In the recorded runs pairing narrowed the spread clearly (paired SD under 0.8 "
        "of the unpaired) in 1 of 4 rows, a little in 2, and not at all in 1.")


def test_identical_rows_are_called_chance():
    index = pd.MultiIndex.from_tuples([("Model 2", "a"), ("Model 2", "b"),
                                       ("Model 1", "c")])
    table = pd.DataFrame({"mean diff": [-0.002, -0.002, 0.003],
                          "verdict": ["no evidence"] * 3}, index=index)
    assert ch08.identical_rows(table) == (
        "Two rows agree to 3 decimals: Model 2 a and Model 2 b. That is chance; the "
        "per-seed table below shows different runs.")
    assert ch08.identical_rows(table.iloc[1:]) is None


def _per_seed(rgb: list[float], stack: list[float]) -> pd.DataFrame:
    index = pd.Index(range(len(rgb)), name="seed")
    return pd.DataFrame({"rgb": rgb, "stack (all 6)": stack}, index=index)


def test_no_odd_run_when_the_spreads_are_alike():
    per_seed = _per_seed([0.60, 0.61, 0.62], [0.61, 0.62, 0.64])
    assert ch08.odd_run_reading(per_seed) is None


def test_odd_run_names_the_seed_that_went_its_own_way():
    text = ch08.odd_run_reading(_per_seed([0.60, 0.601, 0.602], [0.61, 0.45, 0.612]))
    assert text is not None
    assert "stack (all 6) 0.093 against 0.001 for rgb" in text
    assert "Its seed 1 scored 0.450, the rest 0.610, 0.612" in text
    assert "a run that went its own way" in text
    # the spread is a finding of its own, hedged, and not a better score
    assert ("a finding of its own, if only a hint from 3 seeds each: in this run the "
            "model trained far more steadily on rgb than on stack (all 6), but steadier "
            "training is not better scores") in text


def _runs(per_seed: pd.DataFrame, **odd) -> pd.DataFrame:
    """One row per run, as ``ablation.run_ablation`` gives them: every run trained 10
    epochs at a balanced accuracy of 0.8, except what ``odd`` sets for rgb's seed 1."""
    rows = []
    for k in per_seed.columns:
        for seed, auc in per_seed[k].items():
            row = {"inputs": k, "seed": seed, "roc_auc": auc, "epochs": 10,
                   "balanced_accuracy": 0.8, "recall": 0.8, "specificity": 0.8}
            if (k, seed) == ("rgb", 1):
                row.update(odd)
            rows.append(row)
    return pd.DataFrame(rows)


def test_a_collapsed_odd_run_is_called_a_failed_run():
    """Round 19's report, finding 2: the laptop run's odd RGB seed sat at chance
    balanced accuracy (recall 1.000, specificity 0.017) and stopped after 5 epochs;
    the reading says so, from the run's numbers, instead of 'went its own way'."""
    per_seed = _per_seed([0.915, 0.659, 0.953], [0.856, 0.848, 0.825])
    runs = _runs(per_seed, epochs=5, balanced_accuracy=0.508, recall=1.0,
                 specificity=0.017)
    text = ch08.odd_run_reading(per_seed, runs)
    assert "Its seed 1 scored 0.659, the rest 0.915, 0.953, and it is a failed run, " \
        "not seed-to-seed spread" in text
    assert ("its balanced accuracy, 0.508, is chance (recall 1.000, specificity 0.017: "
            "it called nearly every test face fake) and it stopped after 5 epochs, "
            "where the other runs trained 10 epochs") in text
    # near chance but split both ways: no "nearly every face" claim
    mixed = _runs(per_seed, epochs=5, balanced_accuracy=0.53, recall=0.58,
                  specificity=0.48)
    said = ch08.odd_run_reading(per_seed, mixed)
    assert "is chance (recall 0.580, specificity 0.480)" in said
    assert "nearly every" not in said
    assert ("It sits in full in that seed's paired difference and inflates rgb's SD, "
            "which section 2 borrows as its noise bar;") in text
    assert "went its own way" not in text
    # one symptom alone is said alone; a healthy odd run stays 'its own way'
    early = ch08.odd_run_reading(per_seed, _runs(per_seed, epochs=5))
    assert "it stopped after 5 epochs" in early and "is chance" not in early
    healthy = ch08.odd_run_reading(per_seed, _runs(per_seed))
    assert "went its own way" in healthy and "failed run" not in healthy


def test_a_failed_run_names_the_pattern_left_without_it():
    """Round 20's report, finding 5: without the failed seed the stack lost to RGB in
    both other seeds; the reading names that pattern as a hypothesis, not evidence."""
    per_seed = _per_seed([0.915, 0.659, 0.953], [0.856, 0.848, 0.825])
    runs = _runs(per_seed, epochs=5, balanced_accuracy=0.508, recall=1.0,
                 specificity=0.017)
    text = ch08.odd_run_reading(per_seed, runs)
    assert ("Without it, stack (all 6) scored below rgb in both other seeds "
            "(-0.059, -0.128): a pattern, not evidence, that more seeds would test "
            "(further research 1).") in text
    mixed = _per_seed([0.915, 0.659, 0.953], [0.920, 0.910, 0.945])
    said = ch08.odd_run_reading(mixed, _runs(mixed, epochs=5,
                                             balanced_accuracy=0.508))
    assert "failed run" in said and "Without it" not in said


def test_a_wide_spread_without_one_odd_seed_names_none():
    text = ch08.odd_run_reading(_per_seed([0.60, 0.601, 0.602], [0.45, 0.55, 0.65]))
    assert text is not None and "went its own way" not in text
    assert "trained far more steadily on rgb" in text


def test_with_two_seeds_no_run_is_called_the_odd_one():
    text = ch08.odd_run_reading(_per_seed([0.478, 0.504], [0.600, 0.601]))
    assert text is not None
    assert "rgb 0.018 against 0.001 for stack (all 6)" in text
    assert "Its 2 seeds scored 0.478 and 0.504" in text
    assert "neither run stands out" in text
    assert "went its own way" not in text
    assert "a hint from 2 seeds each" in text


@pytest.mark.parametrize("low, high", [(-0.05, 0.05), (0.01, 0.40), (-0.40, -0.01)])
def test_narrow_or_one_sided_intervals_need_no_warning(low, high):
    assert ch08.wide_interval_reading(low, high) is None


def test_a_wide_interval_around_zero_is_uninformative():
    text = ch08.wide_interval_reading(-0.167, 0.2)
    assert text is not None
    assert "from -0.167 to 0.200, is 0.37 wide" in text
    assert "uninformative about the stack" in text


def test_near_chance_caveat():
    assert ch08.near_chance_caveat(0.61) is None
    text = ch08.near_chance_caveat(0.567)
    assert text is not None and "(the best mean ROC-AUC is 0.567)" in text


def test_one_answer_caveat():
    assert ch08.one_answer_caveat(pd.Series([0.5, 0.52])) is None
    text = ch08.one_answer_caveat(pd.Series([0.5, 0.5]))
    assert text is not None and "Every run's balanced accuracy is exactly 0.5" in text


def test_matrix_near_chance():
    assert ch08.matrix_near_chance(0.6) is None
    text = ch08.matrix_near_chance(0.584)
    assert text is not None and "(the highest is 0.584)" in text


def test_training_sizes_equal_or_not():
    assert "on 630 faces each (real faces plus one family), against the 840" in (
        ch08.training_sizes({"faceswap": 630, "gan": 630}, 840))
    assert "on 600 (faceswap) and 630 (gan) faces" in ch08.training_sizes(
        {"faceswap": 600, "gan": 630}, 840)


def test_training_sizes_say_when_real_faces_outnumber_the_fakes():
    """Report_08 of 2026-12-08, finding 1: the matrix's models train on 2 real faces to
    each fake, so the 0.5 threshold misreads them; a balanced set says nothing."""
    text = ch08.training_sizes({"faceswap": 630, "gan": 630}, 840, 420)
    assert ("Of those, 420 are real: 2.0 real faces to each fake, with no class "
            "weights, so their scores tend to sit low and the 0.5 threshold, right for "
            "a balanced set, can misread them") in text
    assert "Of those" not in ch08.training_sizes({"faceswap": 840, "gan": 840}, 840,
                                                 420)
    assert "Of those" not in ch08.training_sizes({"faceswap": 630}, 840)


def test_sd_range_from_the_chi_square_interval():
    assert [round(x, 1) for x in ch08._sd_range(3)] == [0.5, 6.3]
    assert round(ch08._sd_range(2)[1]) == 32


def test_spectrum_reading_says_where_each_deficit_starts_peaks_and_shrinks():
    import numpy as np

    real = np.zeros((4, 32)) + np.linspace(3, 1, 32)
    real[:, 0] = 0
    gan = real.copy()
    gan[:, 10:] -= np.r_[np.linspace(0, 1, 6), np.linspace(1, 0.4, 16)]
    swap = real + 0.1
    flat = real.copy()
    flat[:, 20:] -= 1
    text = ch08.spectrum_reading({"real": real, "gan": gan, "faceswap": swap,
                                  "flat": flat})
    assert text.startswith("In the right panel (mean log(1 + power) minus the real "
                           "faces') "
                           "the gan and flat faces hold less energy than the real ones: "
                           "a deficit, not peaks. The gan faces' deficit")
    assert text.endswith("Ring 0 is left out: it is 0 for every face, because the "
                         "image's mean brightness is subtracted before the transform "
                         "(no power left at frequency zero) and the profile is log1p, "
                         "the log of 1 + power, which is 0 where the power is 0.")
    assert ("The gan faces' deficit passes a quarter of its peak at ring 12, peaks at "
            "ring 15 (1.00 below) and shrinks to 0.40 at ring 31") in text
    assert "the faceswap faces lie at or above the real ones at every ring" in text
    assert "the flat faces' deficit passes a quarter of its peak at ring 20" in text
    assert "stays near that up to ring 31" in text
    assert "half" not in text and "above ring 16" not in text


def _manifest(factors, swaps, width=64):
    rows = [{"family": "gan", "width": width, "upsample_factor": k,
             "lowres_factor": float("nan")} for k in factors]
    rows += [{"family": "faceswap", "width": width, "upsample_factor": float("nan"),
              "lowres_factor": f} for f in swaps]
    rows += [{"family": "none", "width": width, "upsample_factor": float("nan"),
              "lowres_factor": float("nan")}]
    return pd.DataFrame(rows)


def _profiles(gap):
    import numpy as np

    real = np.zeros((2, 32)) + np.linspace(20, 12, 32)
    return {"real": real, "gan": real + np.asarray(gap)}


# the laptop run's gan deficit: from ring 8, deepest at 15, 0.81 left at ring 31
LAPTOP_GAN = [0.0, -0.12, -0.06, -0.13, -0.13, -0.15, -0.29, -0.31, -0.47, -0.53, -0.75,
              -0.9, -1.05, -1.2, -1.28, -1.31, -1.3, -1.29, -1.23, -1.09, -1.05, -1.02,
              -0.93, -0.94, -0.99, -0.93, -0.9, -0.79, -0.72, -0.77, -0.79, -0.81]


def test_spectrum_cause_reads_the_generator_from_the_manifest():
    train = _manifest([2] * 185 + [4] * 25, [0.375, 0.5, 0.812])
    text = ch08.spectrum_cause(_profiles(LAPTOP_GAN), train, 64)
    assert text is not None
    assert text.startswith("Why a deficit: dfkit's generator drew each fake small and "
                           "enlarged it")
    # short sentences, and the ring analysis in a paragraph of its own
    assert ("The data's manifest says how small: the gan frames at 1/2 (185 of 210) or 1/4 "
            "(25 of 210) of their 64-px size, enlarged by repeating pixels and blurring. "
            "Each faceswap inner face was drawn at 0.38 to 0.81 of that size, enlarged by "
            "bilinear interpolation.\n\nA frame drawn at 1/2") in text
    assert "(" not in text.split("\n\n")[0].split("manifest")[0]
    assert ("A frame drawn at 1/2 holds nothing of its own above ring 16 here, yet the "
            "gan deficit starts well below it, at ring 8, and shrinks above it") in text
    assert ("cannot prove: the 25 of 210 frames drawn at 1/4 hold nothing above ring 8 "
            "and may pull the mean down from there; the blur weakens frequencies "
            "gradually") in text
    # with no smaller frames, the reasons are the blur and what lies above the limit
    alone = ch08.spectrum_cause(_profiles(LAPTOP_GAN), _manifest([2] * 10, [0.5]), 64)
    assert "frames drawn at 1/4" not in alone
    assert "cannot prove: the blur weakens frequencies gradually" in alone
    assert "repeated pixels copy weakened lower frequencies" in text
    assert "cannot prove" in text


def test_spectrum_cause_only_explains_what_the_figure_shows():
    import numpy as np

    train = _manifest([2] * 10, [0.5])
    cliff = np.r_[np.zeros(16), -np.ones(16)]  # a brick wall at ring 16, to the top
    text = ch08.spectrum_cause(_profiles(cliff), train, 64)
    assert text.endswith("holds nothing of its own above ring 16 here.")
    assert "well below" not in text and "shrinks" not in text
    # faces read larger than drawn: half of 128 px holds every ring of a 64-px image
    big = ch08.spectrum_cause(_profiles(LAPTOP_GAN), _manifest([2] * 10, [0.5], 128), 64)
    assert "above ring" not in big
    assert ch08.spectrum_cause(_profiles(LAPTOP_GAN), pd.DataFrame({"family": ["gan"]}),
                               64) is None


SIZES = {"faceswap": 630, "gan": 630}
LAPTOP = ({"faceswap": 0.635, "gan": 0.892}, {"faceswap": 0.752, "gan": 0.802})


def _reading(seen, unseen, rgb, stack, room, n_seeds=3, rgb_runs=None, runs=None):
    return ch08.unseen_family_reading(seen, unseen, {"rgb": rgb, "stack (all 6)": stack},
                                      n_seeds, room, SIZES, 420, 840, rgb_runs, runs)


HEAD = "| tested family | seen | unseen | drop | verdict against RGB's noise bar |"


def test_a_bar_that_can_never_fire_calls_nothing():
    """The laptop run: RGB's seed SD is 10 times the stack's. RGB's bar, the matrix's
    own input's, exceeds the whole fall to chance: no column can be called, and the
    stack's smaller bar is quoted in one sentence as a lower estimate, not the verdict."""
    text = _reading(*LAPTOP, 0.160, 0.016, 0.392)
    lead, table, how, other = text.split("\n\n")
    assert lead.startswith("This matrix cannot call any drop or rise: RGB's noise bar "
                           "(0.972) exceeds even a fall from the best diagonal cell to "
                           "chance (0.392); any RGB seed SD above 0.064 would.")
    assert "says nothing about the literature's drop either way" in lead
    # round 19's report, finding 3: say that this profile cannot reach a verdict
    assert "this profile's seeds cannot reach a verdict here" in lead
    assert table.splitlines()[0] == HEAD
    assert ("| faceswap | 0.635 | 0.752 | -0.117 | cannot tell: RGB noise bar 0.972 "
            "exceeds any change possible here |") in table
    assert "| gan | 0.892 | 0.802 | 0.090 | cannot tell:" in table
    assert "beyond" not in table and "within" not in table
    assert how.startswith("The bar is Student's t for 3 seeds (4.30) times √2 × Model "
                          "1's seed SD on RGB in section 1 (0.160, unrounded in the "
                          "bar)")
    assert "its models trained on RGB" in how
    assert ("Those runs saw 840 faces of both families, these models 630 of one (420 of "
            "them real).") in how
    # 6.3, not 6: 0.5 to 6 times gave 0.023 to 0.27, not the printed 0.28 (report_08
    # of 2026-12-08, finding 2)
    assert "the true SD at 0.5 to 6.3 times the measured one (95%)" in how
    # the stack's bar is as rough as RGB's: with the true SD, 0.5 to 6.3 times the
    # measured one, the bar is 1.96 (not t, which already pays for estimating the SD)
    # × √2 × it: 0.02 to 0.28 (round 19's report: t times that range, 0.05 to 0.62,
    # counted the SD's uncertainty twice), so it calls no change either
    assert other == ("The stack's seed SD (0.016) gives a lower bar, 0.099: a what-if, "
                     "not the verdict, as rough as RGB's from 3 runs. With the true SD at "
                     "0.5 to 6.3 times it, the bar (1.96 × √2 × the true SD: 1.96, not "
                     "t, once the SD is taken as known) lies anywhere from 0.02 to 0.28, "
                     "so it settles no change either: the faceswap change (0.117) clears "
                     "0.099 but not 0.28.")
    assert len(other.split(". ")) == 2  # one or two sentences (report 08's finding)
    assert "would clear" not in text
    assert "rise beyond" not in text and "(q3" not in text
    assert "odd RGB run" not in text  # no runs given: no seed to name


def test_a_dead_bar_names_the_seed_that_widened_it():
    runs = pd.Series([0.915, 0.659, 0.953], index=pd.Index([0, 1, 2], name="seed"))
    lead = _reading(*LAPTOP, 0.160, 0.016, 0.392, rgb_runs=runs).split("\n\n")[0]
    assert lead.startswith("This matrix cannot call any drop or rise: RGB's noise bar "
                           "(0.972), large because of one odd RGB run in section 1 "
                           "(seed 1 scored 0.659, the others 0.915, 0.953), "
                           "exceeds even a fall from the best diagonal cell to chance "
                           "(0.392); any RGB seed SD above 0.064 would.")
    # round 20's report, finding 1: section 1 called that run failed, so the
    # reading says the bar counts it as noise, and whether the verdict holds
    # without it (SD 0.027, t for 2 seeds 12.7: a bar of 0.483, above 0.392)
    per_seed = pd.DataFrame({"rgb": runs, "stack (all 6)": [0.856, 0.848, 0.825]})
    failed = _runs(per_seed, epochs=5, balanced_accuracy=0.508)
    lead = _reading(*LAPTOP, 0.160, 0.016, 0.392, rgb_runs=runs,
                    runs=failed).split("\n\n")[0]
    assert ("RGB's noise bar (0.972), large because it counts section 1's failed RGB "
            "run (seed 1 scored 0.659, the others 0.915, 0.953) as noise, as a matrix "
            "cell can fail too, exceeds") in lead
    assert lead.endswith("Without the failed run, which section 1 set aside, RGB's "
                         "seed SD is 0.027 and the bar, with t for 2 seeds (12.7), "
                         "0.483: still above the fall from the best diagonal cell to "
                         "chance (0.392), so the verdict holds either way.")
    # a smaller room: without the failed run the bar would call the gan drop
    small = _reading({"faceswap": 0.3, "gan": 1.0},
                     {"faceswap": 0.3, "gan": 0.3}, 0.160, 0.016, 0.5,
                     rgb_runs=runs, runs=failed).split("\n\n")[0]
    assert ("it would call the gan column (drop beyond it), so that verdict rests "
            "on counting the failed run as noise.") in small
    steady = pd.Series([0.6, 0.9, 0.75])  # spread evenly: no one seed to blame
    assert "odd RGB run" not in _reading(*LAPTOP, 0.160, 0.016, 0.392,
                                         rgb_runs=steady)


def test_a_live_bar_judges_each_column_and_the_stack_only_estimates():
    text = _reading(*LAPTOP, 0.050, 0.010, 0.392)
    lead, table, how, other = text.split("\n\n")
    assert "| faceswap | 0.635 | 0.752 | -0.117 | within 0.305 |" in table
    assert "cannot tell" not in text
    assert lead == ("The faceswap column rises by 0.117, within seed noise: no evidence "
                    "either way. The gan column drops by 0.090, the literature's "
                    "direction, but within seed noise: no evidence either way. So this "
                    "run gives no evidence of the literature's drop, and none that it "
                    "is absent: 'no evidence' is not 'no effect' (section 1).")
    assert other.startswith("The stack's seed SD (0.010) gives a lower bar, 0.060: a "
                            "what-if, not the verdict")
    assert other.endswith("anywhere from 0.01 to 0.17, so it settles no change either: "
                          "the faceswap change (0.117) and the gan change (0.090) clear "
                          "0.060 but not 0.17.")


def test_a_stack_sd_much_larger_is_a_higher_estimate():
    text = _reading({"faceswap": 0.9, "gan": 0.8}, {"faceswap": 0.7, "gan": 0.75},
                    0.005, 0.03, 0.4)
    assert "| faceswap | 0.900 | 0.700 | 0.200 | drop beyond 0.030 |" in text
    assert "| gan | 0.800 | 0.750 | 0.050 | drop beyond 0.030 |" in text
    assert ("so it settles no change either: the faceswap change (0.200) clears 0.181 "
            "but not 0.52.") in text
    assert "gives a higher bar" in text
    assert text.startswith("The faceswap column drops by 0.200, beyond seed noise, as "
                           "the literature reports.")
    assert "So this run gives no evidence" not in text


def test_the_stack_bar_settles_only_what_clears_its_whole_range():
    """The stack's what-if bar comes from 3 runs too: only a change beyond the top of its
    range clears it, and only changes below its bottom are settled as within."""
    text = _reading({"faceswap": 0.9, "gan": 0.8}, {"faceswap": 0.7, "gan": 0.75},
                    0.05, 0.005, 0.4)
    assert text.split("\n\n")[-1].endswith(
        "anywhere from 0.01 to 0.09, even at its highest the faceswap change would clear "
        "it, and the rest it cannot settle.")
    small = _reading({"faceswap": 0.8, "gan": 0.8}, {"faceswap": 0.795, "gan": 0.79},
                     0.05, 0.01, 0.3)
    assert small.endswith("even at its lowest no change would clear it.")


def test_one_bar_when_the_two_spreads_are_alike():
    text = _reading({"faceswap": 0.9, "gan": 0.8}, {"faceswap": 0.7, "gan": 0.75},
                    0.02, 0.03, 0.4)
    lead, table, how = text.split("\n\n")
    assert "stack" not in text
    assert "| faceswap | 0.900 | 0.700 | 0.200 | drop beyond 0.120 |" in table
    assert "| gan | 0.800 | 0.750 | 0.050 | within 0.120 |" in table
    assert lead == ("The faceswap column drops by 0.200, beyond seed noise, as the "
                    "literature reports. The gan column drops by 0.050, the literature's "
                    "direction, but within seed noise: no evidence either way.")


def test_rises_beyond_the_bar_and_no_room_to_fall():
    text = _reading({"faceswap": 0.5, "gan": 0.45}, {"faceswap": 0.9, "gan": 0.9},
                    0.02, 0.03, 0.0)
    assert text.startswith("Every diagonal cell is at or below chance")
    assert "rises by 0.400, beyond seed noise: the reverse of the literature's drop" in text
    assert "rise beyond 0.120" in text
    assert text.split("\n\n")[0].endswith(
        "So this run gives no evidence of the literature's drop.")


def test_a_rise_within_the_bar_is_no_evidence_either_way():
    text = _reading({"faceswap": 0.8, "gan": 0.8}, {"faceswap": 0.82, "gan": 0.79},
                    0.02, 0.03, 0.3)
    assert ("The faceswap column rises by 0.020, within seed noise: no evidence either "
            "way.") in text
    assert "none that it is absent" in text


def _model_1(rgb: list[float], stack: list[float]) -> pd.DataFrame:
    return _per_seed(rgb, stack)


def test_linear_model_below_the_best_mean_says_nothing():
    aucs = pd.Series({"FFT spectrum": 0.908, "trio": 0.7})
    model_1 = _model_1([0.86, 0.87, 0.88], [0.85, 0.86, 0.87])
    assert ch08.linear_beats_cnn(model_1, aucs, 224, 2) is None


def test_linear_model_beats_every_run():
    aucs = pd.Series({"FFT spectrum": 0.908, "trio": 0.7})
    model_1 = _model_1([0.55, 0.57, 0.58], [0.50, 0.56, 0.60])
    text = ch08.linear_beats_cnn(model_1, aucs, 224, 2)
    assert text is not None
    lead, table, how = text.split("\n\n")
    assert lead == ('The "FFT spectrum" baseline scores 0.908 on all fakes: above the '
                    "95% interval of Model 1's mean score on rgb and on stack (all 6).")
    assert "one number, the baseline's, with the interval of a mean of 3 runs" in how
    assert table.count("| 3 of 3 |") == 2
    assert "clipped" not in how
    assert "Model 1 saw 224 faces for at most 2 epochs" in how
    # round 19's report, finding 5: the interval is training noise only
    assert ("Both are on this test split: the interval holds training noise only, and "
            "chapter 06's cluster bootstrap would add the test-set half.") in how


def test_one_verdict_per_input_with_a_clipped_interval():
    """The laptop run: one odd RGB seed widens RGB's interval past 1 (shown clipped)
    and past the baseline, while the stack's narrow interval lies below it."""
    aucs = pd.Series({"FFT spectrum (32 numbers)": 0.943, "trio": 0.8})
    model_1 = _model_1([0.915, 0.659, 0.953], [0.856, 0.848, 0.825])
    text = ch08.linear_beats_cnn(model_1, aucs, 840, 10)
    assert text is not None
    lead, table, how = text.split("\n\n")
    assert lead == ('The "FFT spectrum (32 numbers)" baseline scores 0.943 on all fakes: '
                    "above the 95% interval of Model 1's mean score on stack (all 6), and "
                    "inside the interval on rgb, where this run gives no evidence either way.")
    assert "| rgb | 0.842 | 0.445 to 1.000 | 2 of 3 |" in table
    assert "| stack (all 6) | 0.843 | 0.803 to 0.883 | 3 of 3 |" in table
    assert "1.239" not in text
    assert "clipped to ROC-AUC's bounds of 0 and 1" in how
    assert ch08.linear_beats_cnn(_model_1([0.98, 0.97, 0.99], [0.6, 0.61, 0.62]),
                                 pd.Series({"fft": 0.7}), 840, 10) is None


def test_own_family_lowest_names_the_cell_and_section_1s_odd_run():
    matrix = pd.DataFrame({"faceswap": [0.6351, 0.7519], "gan": [0.8021, 0.8918]},
                          index=["faceswap", "gan"])
    text = ch08.own_family_lowest(matrix, _per_seed([0.915, 0.659, 0.953],
                                                    [0.856, 0.848, 0.825]))
    assert text.startswith("The faceswap-trained model scores its own family worst: "
                           "0.635 on faceswap, against 0.802 on the family it never "
                           "saw, and below the gan-trained model's 0.752 on faceswap.")
    assert "may be a run that went its own way" in text
    assert ("may be a run that went its own way, like section 1's Model 1 on rgb, seed "
            "1 (0.659 against 0.915, 0.953), rather than") in text
    alike = ch08.own_family_lowest(matrix, _per_seed([0.9, 0.91, 0.92], [0.9, 0.89, 0.91]))
    assert alike is not None and "section 1's" not in alike
    usual = pd.DataFrame({"faceswap": [0.9, 0.7], "gan": [0.6, 0.95]},
                         index=["faceswap", "gan"])
    assert ch08.own_family_lowest(usual, _per_seed([0.9, 0.91, 0.92],
                                                   [0.9, 0.89, 0.91])) is None


def _cells(balanced, epochs, other_epochs=9):
    """Generalisation rows: the faceswap-trained model's cells, then the gan one's."""
    rows = []
    for trained, ba, ep in (("faceswap", balanced, epochs), ("gan", 0.8, other_epochs)):
        for tested in ("faceswap", "gan"):
            rows.append({"trained on": trained, "tested on": tested, "seed": 0,
                         "roc_auc": 0.7, "balanced_accuracy": ba, "recall": 0.6,
                         "specificity": 0.7, "epochs": ep})
    return pd.DataFrame(rows)


def test_own_family_lowest_checks_the_cell_by_section_1s_failed_run_rule():
    """Report 08: the low diagonal cell got 'may be a run that went its own way' while
    section 1 had a rule for failed runs (balanced accuracy near chance, fewer epochs);
    with the matrix's rows the reading applies it, from the run's numbers."""
    matrix = pd.DataFrame({"faceswap": [0.6351, 0.7519], "gan": [0.8021, 0.8918]},
                          index=["faceswap", "gan"])
    seeds = _per_seed([0.915, 0.659, 0.953], [0.856, 0.848, 0.825])
    runs = pd.DataFrame({"inputs": ["rgb"] * 3, "epochs": [10, 5, 10]})
    weak = ch08.own_family_lowest(matrix, seeds, cells=_cells(0.61, 8), runs=runs)
    assert "By section 1's rule (the matrix runs' table above) it is a weak run, not a " \
        "failed one: its balanced accuracy, 0.610 (recall 0.600, specificity 0.700), is " \
        "not within 0.05 of chance and it trained 8 epochs, not fewer than every other run: 9 " \
        "for the other row's model and 5 and 10 for section 1's RGB runs." in weak
    assert "went its own way" not in weak and "further research 3" in weak
    chance = ch08.own_family_lowest(matrix, seeds, cells=_cells(0.52, 8), runs=runs)
    assert "it looks like a failed run: its balanced accuracy, 0.520" in chance
    assert "is within 0.05 of chance" in chance
    short = ch08.own_family_lowest(matrix, seeds, cells=_cells(0.7, 3))
    assert "it looks like a failed run" in short
    assert "it stopped after 3 epochs, fewer than 9 for the other row's model." in short
    assert "says nothing about the family" in short
    # this run's laptop matrix: the faceswap row's model called every face real
    one = _cells(0.5, 10, other_epochs=10)
    one.loc[one["trained on"] == "faceswap", ["recall", "specificity"]] = [0.0, 1.0]
    real = ch08.own_family_lowest(matrix, seeds, cells=one, runs=runs)
    # recall 0.000 and specificity 1.000: every face, not nearly every (finding 7)
    assert ("its balanced accuracy, 0.500 (recall 0.000, specificity 1.000; it called "
            "every test face real), is within 0.05 of chance") in real
    assert ("Its other cell is at chance too (balanced accuracy 0.500 on gan): the rule "
            "marks the whole row, that cell included.") in real
    # balanced accuracy reads the threshold: the cell's ranking is said beside it (ch04)
    # 'no fewer than the others' only when it trained as many as every other run (review r21)
    assert "trained 10 epochs, no fewer than the others: 10 for the other row's model" in real
    flat = one.copy()
    flat.loc[flat["trained on"] == "faceswap", "roc_auc"] = 0.51
    at_chance = ch08.own_family_lowest(matrix, seeds, cells=flat, runs=runs)
    assert "ROC-AUC (0.510 on gan) is within 0.05 of chance too" in at_chance
    assert "may still rank" not in at_chance
    assert ("Balanced accuracy reads the threshold, not the ranking (chapter 04): that "
            "cell's ROC-AUC (0.700 on gan) says its "
            "scores may still rank faces, whatever the threshold makes of them.") in real


def _cells_at_val(own, other, threshold=0.39):
    """The laptop run's matrix rows (report_08 of 2026-12-08, finding 1): at 0.5 the
    faceswap-trained model called every face real; ``own`` and ``other`` are its
    (balanced accuracy, recall, specificity) at its validation threshold on faceswap and
    on gan."""
    rows = []
    for tested, at in (("faceswap", own), ("gan", other)):
        rows.append({"trained on": "faceswap", "tested on": tested, "seed": 0,
                     "roc_auc": {"faceswap": 0.6351, "gan": 0.8021}[tested],
                     "balanced_accuracy": 0.5, "recall": 0.0, "specificity": 1.0,
                     "val_threshold": threshold, "epochs": 10,
                     **dict(zip(["balanced_accuracy_at_val_threshold",
                                 "recall_at_val_threshold",
                                 "specificity_at_val_threshold"], at))})
    for tested, auc, ba in (("faceswap", 0.7519, 0.667), ("gan", 0.8918, 0.775)):
        rows.append({"trained on": "gan", "tested on": tested, "seed": 0,
                     "roc_auc": auc, "balanced_accuracy": ba, "recall": 0.6,
                     "specificity": 0.867, "val_threshold": 0.5, "epochs": 10,
                     "balanced_accuracy_at_val_threshold": ba,
                     "recall_at_val_threshold": 0.6,
                     "specificity_at_val_threshold": 0.867})
    return pd.DataFrame(rows)


def test_the_matrix_rule_reads_each_cell_at_its_validation_threshold():
    """Report_08 of 2026-12-08, findings 1 and 4: a model trained on 2 real faces to
    each fake called every face real at 0.5 and was read as a failed run, while at its
    validation threshold (0.390) it scored 0.579 and 0.679: a working model. The rule
    now reads the threshold chosen on validation, says what 0.5 made of it, and ties
    the verdict back to q3's drops, which use the row's cells."""
    matrix = pd.DataFrame({"faceswap": [0.6351, 0.7519], "gan": [0.8021, 0.8918]},
                          index=["faceswap", "gan"])
    seeds = _per_seed([0.915, 0.659, 0.953], [0.856, 0.848, 0.825])
    runs = pd.DataFrame({"inputs": ["rgb"] * 3, "epochs": [10, 5, 10]})
    working = ch08.own_family_lowest(
        matrix, seeds, cells=_cells_at_val((0.579, 0.283, 0.875), (0.679, 0.483, 0.875)),
        runs=runs)
    assert ("it is a weak run, not a failed one: at the threshold chosen on validation "
            "(0.390) its balanced accuracy, 0.579 (recall 0.283, specificity 0.875), is "
            "not within 0.05 of chance (at 0.5 it called every test face real; its model "
            "trained on more real faces than fakes, so its scores sit low and 0.5 is the "
            "wrong threshold for it)") in working
    assert "looks like a failed run" not in working and "marks the whole row" not in working
    assert ("So q3's drops (faceswap -0.117, gan 0.090), which use this row's cells, "
            "measure a working model") in working
    # one-sided at its validation threshold too: failed, and q3's drops measure that run
    failed = ch08.own_family_lowest(
        matrix, seeds, cells=_cells_at_val((0.51, 0.02, 1.0), (0.52, 0.04, 1.0)),
        runs=runs)
    assert ("it looks like a failed run: at the threshold chosen on validation (0.390) "
            "its balanced accuracy, 0.510 (recall 0.020, specificity 1.000; it called "
            "nearly every test face real), is within 0.05 of chance") in failed
    assert "Its other cell is at chance too (balanced accuracy 0.520 on gan)" in failed
    assert ("so q3's drops (faceswap -0.117, gan 0.090), which use this row's cells, "
            "measure that run, not what an unseen family costs") in failed
    assert "at 0.5 it called" not in failed  # one-sided either way: nothing to add
    # a validation threshold above 0.5: no claim that the scores sit low
    high = ch08.own_family_lowest(
        matrix, seeds, cells=_cells_at_val((0.6, 0.3, 0.9), (0.7, 0.5, 0.9), 0.6),
        runs=runs)
    assert "(at 0.5 it called every test face real)" in high


def test_the_verdict_and_its_what_ifs_print_apart():
    """Report_08 of 2026-12-08, finding 2: one output gave four bars. The verdict part
    keeps RGB's bar only (its table and how it is made); the what-ifs part holds the
    bar without section 1's failed run and the stack's bar, each a paragraph; 'all'
    is the two together, as before."""
    runs = pd.Series([0.915, 0.659, 0.953], index=pd.Index([0, 1, 2], name="seed"))
    per_seed = pd.DataFrame({"rgb": runs, "stack (all 6)": [0.856, 0.848, 0.825]})
    failed = _runs(per_seed, epochs=5, balanced_accuracy=0.508)

    def part(which, stack=0.016, run=failed):
        return ch08.unseen_family_reading(*LAPTOP, {"rgb": 0.160, "stack (all 6)": stack},
                                          3, 0.392, SIZES, 420, 840, runs, run,
                                          part=which)

    verdict, what_ifs, everything = part("verdict"), part("what-ifs"), part("all")
    lead, table, how = verdict.split("\n\n")
    assert "Without the failed run" not in verdict and "stack's seed SD" not in verdict
    assert lead.endswith("more seeds per cell would (further research 3).")
    without, stack = what_ifs.split("\n\n")
    assert without.startswith("Without the failed run, which section 1 set aside")
    assert stack.startswith("The stack's seed SD (0.016) gives a lower bar, 0.099")
    assert everything == "\n\n".join([f"{lead} {without}", table, how, stack])
    # neither applies (no failed run, spreads alike): no what-ifs to print
    assert part("what-ifs", stack=0.15, run=None) == ""
