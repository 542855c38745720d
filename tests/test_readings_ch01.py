"""Chapter 01's sentences, branch by branch, on made-up numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dfkit.course.readings import ch01


def test_shown_percent_is_what_the_sentence_prints():
    assert ch01.shown_percent(0.497) == 50
    assert ch01.shown_percent(0.6875) == 69


def test_one_sided_side():
    # (share of reals, share of fakes) nearer their own average
    assert ch01.one_sided_side(0.69, 0.38) == "real"
    assert ch01.one_sided_side(0.3, 0.8) == "fake"
    assert ch01.one_sided_side(0.56, 0.69) is None  # both above half: the measure works
    assert ch01.one_sided_side(0.4, 0.3) is None  # both below half
    assert ch01.one_sided_side(0.7, 0.497) is None  # printed as 50%: no majority


def _nearer(**shares) -> pd.DataFrame:
    """rows real and fake; ``shares``: measure -> (real share, fake share)."""
    return pd.DataFrame({m: list(v) for m, v in shares.items()}, index=["real", "fake"])


def test_nearer_own_reading_lists_each_measure_once_and_chance_once():
    nearer = _nearer(hist_cos=(0.5625, 0.6875), lbp_cos=(0.875, 0.625))
    text = ch01.nearer_own_reading(nearer, ("hist_cos", "lbp_cos"))
    assert text == ("Over the whole validation split, the shares of reals and of fakes nearer "
                    "their own class's average are 56% and 69% by `hist_cos` and 88% and 62% "
                    "by `lbp_cos` (means 62.5% and 75.0%; chance is 50%).")


def test_nearer_own_reading_says_which_side_a_one_sided_measure_favours():
    nearer = _nearer(hist_cos=(0.33, 0.67), lbp_cos=(0.58, 0.58), edge_invdiff=(0.6875, 0.375))
    text = ch01.nearer_own_reading(nearer, ("hist_cos", "lbp_cos", "edge_invdiff"))
    assert "33% and 67% by `hist_cos`, 58% and 58% by `lbp_cos` and 69% and 38% by " in text
    assert ('\n- by `hist_cos`, most images of *both* classes are nearer the fake average: it '
            'mostly says "fake" whatever the image;') in text
    assert 'by `edge_invdiff`, most images of *both* classes are nearer the real' in text
    assert "lbp_cos`, most" not in text
    assert text.count("chance is 50%") == 1


def _effects(**aucs) -> pd.DataFrame:
    return pd.DataFrame({"auc": list(aucs.values())}, index=list(aucs))


def test_a_one_sided_measure_whose_similarities_separate_says_how_both_hold():
    nearer = _nearer(hist_cos=(0.33, 0.67), lbp_cos=(0.58, 0.58))
    effects = _effects(hist_cos_real=0.577, hist_cos_fake=0.567, lbp_cos_real=0.43)
    text = ch01.nearer_own_reading(nearer, ("hist_cos", "lbp_cos"), effects)
    assert text.endswith(
        '- by `hist_cos`, most images of *both* classes are nearer the fake average: it mostly '
        'says "fake" whatever the image. Yet fakes score higher on `hist_cos_real` (AUC 0.577) '
        "and `hist_cos_fake` (AUC 0.567): fakes are more similar than reals to *both* "
        "averages, which a comparison of an image's two similarities with each other cannot "
        "see.")
    assert "lbp_cos_real" not in text  # lbp_cos is above chance: no contrast
    effects["auc_95"] = _intervals((0.46, 0.69), (0.45, 0.68), (0.33, 0.54))
    hedged = ch01.nearer_own_reading(nearer, ("hist_cos", "lbp_cos"), effects)
    # the hedge comes first, before what the difference would mean (a second reader kept
    # "more similar to both" and missed the caveat after it)
    assert hedged.endswith("Yet the AUCs point to fakes scoring higher on `hist_cos_real` "
                           "(AUC 0.577) and `hist_cos_fake` (AUC 0.567), but neither one's "
                           "`auc_95` interval excludes 0.5, so this split cannot tell that "
                           "difference from chance. If the difference holds, fakes are more similar than "
                           "reals to *both* averages, which a comparison of an image's two "
                           "similarities with each other cannot see.")
    effects["auc_95"] = _intervals((0.52, 0.69), (0.45, 0.68), (0.33, 0.54))
    one = ch01.nearer_own_reading(nearer, ("hist_cos", "lbp_cos"), effects)
    assert one.endswith("cannot see. `hist_cos_fake`'s `auc_95` interval reaches 0.5, so this "
                        "split cannot tell its difference from chance.")


def test_a_balanced_measure_at_chance_gets_its_own_sentence():
    nearer = _nearer(hist_cos=(0.52, 0.5))
    one = ch01.nearer_own_reading(nearer, ("hist_cos",),
                                  _effects(hist_cos_real=0.42, hist_cos_fake=0.51))
    assert one.endswith("\n\n- by `hist_cos` the nearer average tells the classes apart no better "
                        "than chance, yet fakes score lower on `hist_cos_real` (AUC 0.420).")
    mixed = ch01.nearer_own_reading(nearer, ("hist_cos",),
                                    _effects(hist_cos_real=0.42, hist_cos_fake=0.6))
    assert "higher on `hist_cos_fake` (AUC 0.600) and lower on `hist_cos_real`" in mixed
    assert "both" not in mixed


def test_no_contrast_when_the_readings_agree():
    effects = _effects(hist_cos_real=0.577, hist_cos_fake=0.567)
    above = ch01.nearer_own_reading(_nearer(hist_cos=(0.6, 0.7)), ("hist_cos",), effects)
    assert "AUC" not in above
    flat = _effects(hist_cos_real=0.52, hist_cos_fake=0.47)
    chance = ch01.nearer_own_reading(_nearer(hist_cos=(0.33, 0.67)), ("hist_cos",), flat)
    assert "AUC" not in chance and "Yet" not in chance


FIVE = dict(best="sharpness", weakest="lbp_cos_fake", weak_whole_auc=0.492)


def test_one_draw_that_puts_the_weakest_ahead_says_so():
    text = ch01.five_sample_reading({42: 0.32}, {42: 0.28}, **FIVE)
    assert text == ("In this run's one draw (seed 42), the strongest descriptor `sharpness` lay "
                    "0.18 from AUC 0.5 and `lbp_cos_fake` (at chance on the whole validation "
                    "split, AUC 0.49) 0.22: five images per class put the weakest descriptor "
                    "further from chance than the strongest one, the wrong way round.")


def test_one_draw_tied_or_ahead():
    tied = ch01.five_sample_reading({42: 0.32}, {42: 0.68}, **FIVE)
    assert "as far from chance as the strongest one: this draw could not tell" in tied
    ahead = ch01.five_sample_reading({42: 0.1}, {42: 0.55}, **FIVE)
    assert "0.4 from AUC 0.5" in ahead and "here five images per class put the strongest" in ahead


def test_several_draws_give_the_spread_then_all_none_or_some():
    every = ch01.five_sample_reading({0: 0.2, 1: 0.8}, {0: 0.45, 1: 0.6}, **FIVE,
                                     best_whole_auc=0.25)
    assert every.startswith("Over 2 draws of five images per class:\n\n- the AUC of `sharpness` "
                            "ran from 0.2 to 0.8 (a spread of 0.6; its AUC on the whole "
                            "validation split is 0.25): one draw cannot rank descriptors whose AUCs lie closer")
    assert ";\n- in all 2 draws, `sharpness` lay further" in every
    never = ch01.five_sample_reading({0: 0.4, 1: 0.6}, {0: 0.3, 1: 0.6}, **FIVE)
    assert "in none of the 2 draws" in never and "never told them apart" in never
    assert "whole validation split)" not in never.split(":")[0]  # no whole-split AUC given
    some = ch01.five_sample_reading({0: 0.2, 1: 0.4, 2: 0.45}, {0: 0.45, 1: 0.3, 2: 0.7},
                                    **FIVE)
    assert "in 1 of the 3 draws `sharpness` lay further" in some
    assert "in the draws of seeds 1 and 2 the weakest lay at least as far" in some
    twenty = ch01.five_sample_reading({0: 0.2375, 1: 0.3}, {0: 0.45, 1: 0.6}, **FIVE,
                                      per_class=20)
    assert "draws of twenty images per class" in twenty and "from 0.237 to 0.3" in twenty


def test_a_weakest_descriptor_off_chance_is_not_called_at_chance():
    text = ch01.five_sample_reading({42: 0.2}, {42: 0.5}, best="sharpness",
                                    weakest="brightness", weak_whole_auc=0.43)
    assert "(the weakest on the whole validation split, AUC 0.43)" in text
    assert ch01.five_sample_reading({}, {}, **FIVE) == ""


def _hist(clip: float):
    """A (3, 256) histogram with ``clip`` of each channel at 0 and 255 together."""
    h = np.full((3, 256), (1 - clip) / 254)
    h[:, 0] = h[:, -1] = clip / 2
    return h


def test_class_averages_reading_branches():
    real = np.full((8, 8), 0.1)
    real[:2, :2] = 0.3  # the densest edges
    blurred = real - 0.01
    blurred[:2, :2] -= 0.05
    blurred[7, 7] += 0.02  # one pixel with more edges in fakes
    text = ch01.class_averages_reading({0: _hist(0.01), 1: _hist(0.006)},
                                       {0: real, 1: blurred})
    assert text.startswith("The class averages in numbers (the table above prints each; "
                           "counts and p: the test table):"
                           "\n\n- the spikes at intensities")
    assert ("Averaged over the three channels, the 0 and 255 bins together hold 1.0% of a real "
            "training image's channel values and 0.6% of a fake's, fewer in fakes. A likely "
            "reason") in text
    assert "lies below the real one on 98% of its pixels and above it on 2% (mean" in text
    assert ("(mean fake-minus-real density -0.040 on the real average's densest 10% of "
            "pixels, -0.010 on the rest)") in text
    assert "over the training images; the effect-size table's means are over the validation" \
        in text
    assert "Fewer edges is what blur predicts, and the gap is widest" in text
    assert text.endswith(";\n- where the fakes have more edges than the reals (2% of the "
                         "pixels), the panel *fake minus real* is red. Its colour fades to "
                         "light grey, the colour of no difference, as a difference shrinks, so only the "
                         "largest of them show as clear red patches.")
    even = ch01.class_averages_reading({0: _hist(0.01), 1: _hist(0.0101)},
                                       {0: real, 1: real - 0.01})
    assert "about as many in both classes;" in even and "is no wider" in even
    assert "equal to it on the other" not in even
    level = real.copy()
    level[0, 0] += 0.01  # one pixel with more edges in fakes, 62 with fewer, one equal
    level[1:, :] -= 0.01
    level[0, 1:] -= 0.01
    level[0, 2] += 0.01
    some = ch01.class_averages_reading({0: _hist(0.01), 1: _hist(0.006)}, {0: real, 1: level})
    assert "on 97% of its pixels, above it on 2% and equal to it on the other 2% (mean" in some
    assert "is red" not in even
    more = ch01.class_averages_reading({0: _hist(0.006), 1: _hist(0.01)},
                                       {0: real, 1: real + 0.01})
    assert "more in fakes; the figure alone does not say why" in more
    assert "Blur alone would give fakes fewer edges" in more


def test_rule_verdict_follows_the_group_bootstrap_interval():
    means = {"hist_cos": 0.5, "lbp_cos": 0.583, "edge_invdiff": 71 / 120}
    intervals = pd.Series(_intervals((0.425, 0.575), (0.5, 0.667), (0.517, 0.667)),
                          index=list(means))
    text = " ".join(ch01.rule_verdict(means, intervals))
    assert ("by `edge_invdiff` (51.7% to 66.7%) the evidence that the rule beats a coin is "
            "thin: the 95% interval lies above 50%, but only just, and with so few groups its "
            "ends are rough") in text
    clear = ch01.rule_verdict({"lbp_cos": 0.65}, pd.Series(_intervals((0.56, 0.7)),
                                                           index=["lbp_cos"]))
    assert clear == ["by `lbp_cos` (56.0% to 70.0%) the 95% interval lies above 50%: the "
                     "rule beats a coin in this split"]
    assert ("by `hist_cos` (42.5% to 57.5%) and `lbp_cos` (50.0% to 66.7%) the 95% interval "
            "reaches 50%: this split cannot tell the rule from a coin") in text
    assert "worse" not in text
    below = ch01.rule_verdict({"hist_cos": 0.4}, pd.Series(_intervals((0.3, 0.44)),
                                                           index=["hist_cos"]))
    assert below == ["by `hist_cos` (30.0% to 44.0%) the 95% interval lies below 50%: the "
                     "rule does worse than a coin in this split"]
    barely = ch01.rule_verdict({"hist_cos": 0.4}, pd.Series(_intervals((0.3, 0.49)),
                                                            index=["hist_cos"]))
    assert barely == ["by `hist_cos` (30.0% to 49.0%) the evidence that the rule does worse "
                      "than a coin is thin: the 95% interval lies below 50%, but only just, "
                      "and with so few groups its ends are rough"]
    assert ch01.rule_verdict(means, None) == []
    nearer = _nearer(lbp_cos=(0.58, 0.58))
    one = pd.Series(_intervals((0.5, 0.667)), index=["lbp_cos"])
    text = ch01.nearer_own_reading(nearer, ("lbp_cos",), intervals=one)
    assert "(means 58.0%; chance is 50%).\n\n- by `lbp_cos` (50.0% to 66.7%) the" in text


def test_a_mean_beyond_its_interval_is_not_called_at_chance():
    nearer = _nearer(hist_cos=(0.52, 0.55))
    effects = _effects(hist_cos_real=0.42, hist_cos_fake=0.51)
    wide = pd.Series(_intervals((0.45, 0.62)), index=["hist_cos"])
    assert "no better than chance" in ch01.nearer_own_reading(nearer, ("hist_cos",), effects,
                                                               wide)
    narrow = pd.Series(_intervals((0.505, 0.6)), index=["hist_cos"])
    text = ch01.nearer_own_reading(nearer, ("hist_cos",), effects, narrow)
    assert "no better than chance" not in text and "beats a coin" in text


def test_zero_edges_reading():
    table = pd.DataFrame({"y": [0, 0, 0, 1, 1, 1], "edge_density": [0.1, 0.005, 0.09, 0, 0.05, 0],
                          "sharpness": [6.0, 5.0, 5.8, 3.5, 5.5, 3.7]})
    first = table.iloc[[0, 3]]
    text = ch01.zero_edges_reading(table, first)
    assert text.startswith("2 of the 3 validation fakes and 0 of the 3 validation reals have no "
                           "edge pixel at all (`edge_density` 0; row 3 of the first table), and "
                           "0 fakes and 1 real more have edges on fewer than 1% of their pixels.")
    assert ("mean `sharpness` fits heavy blur (3.60 for the 2 fakes below 1%, against 4.23 "
            "for all fakes; 5.00 for the 1 real below 1%, against 5.60 for all reals).") in text
    assert ch01.zero_edges_reading(table.assign(edge_density=0.1)) == ""


def test_family_red_reads_each_family_against_its_own_relabellings():
    """The yardstick is the family's own comparison with labels shuffled, read by the same
    statistic (the largest *signed* excess); a reddest spot near the GAN fakes' cannot decide
    a seam either way, and a seam's line along the outline is said to be untested."""
    real = np.zeros((40, 40))
    swap, gan = real.copy(), real.copy()
    swap[28:32, 24:28] = 0.026  # a cheek spot both families share
    swap[6:9, 14:24] = 0.02  # a forehead spot the face swaps alone show
    gan[30:34, 25:29] = 0.023
    quiet = np.full((40, 40), 0.01)
    deep = quiet.copy()
    deep[3, 3] = -0.05  # a large gap the other way: not an excess of fakes
    high = quiet.copy()
    high[5, 5] = 0.03
    noise = {"faceswap": [high] * 3 + [deep] * 17, "gan": [high] * 4 + [quiet] * 16}
    text = ch01.family_red(real, {"faceswap": swap, "gan": gan}, noise)
    assert text == (
        "in the figure of the families, the largest excess of fakes over reals is +0.026 for "
        "`faceswap` (row 28, column 24) and +0.023 for `gan` (row 30, column 25). The same "
        "comparison with the labels shuffled within each group, so that only chance "
        "separates \"fakes\" from reals, gives as large an excess somewhere in 3 of 20 "
        "relabellings (p = 0.19) for `faceswap` and 4 of 20 (p = 0.24) for `gan`: chance "
        "alone reaches the red of `faceswap` and `gan` often enough that this figure cannot "
        "tell it from chance. Each count is one draw of 20 relabellings and would move by a "
        "few on another draw, so the families' counts cannot be ranked against each other. "
        "`faceswap`'s reddest spot alone cannot decide whether a seam made it: `gan`'s lies "
        "within a few pixels of it, though GAN fakes have no pasted face and so no seam. "
        "A seam would be a line along the inner face's outline, which a single pixel does "
        "not test: red along the outline in the figure, at its top or elsewhere, is left "
        "untested here")
    rare = {"faceswap": [high] + [deep] * 59, "gan": [quiet] * 60}
    both = ch01.family_red(real, {"faceswap": swap, "gan": gan}, rare)
    # the verdicts read the printed p: 2/61 is rare for one family, not with two tested
    # (p times 2 passes 0.05); 1/61 stays rare with two
    assert ("in 1 of 60 relabellings (p = 0.03) for `faceswap` and 0 of 60 (p = 0.02) for "
            "`gan`: chance alone "
            "rarely reaches the red of `faceswap`, but with 2 families tested that is "
            "suggestive rather than firm, and not necessarily a seam; chance alone rarely "
            "reaches the red of `gan`, so it is likely more than chance, though not "
            "necessarily a seam. Each count is one draw of 60 relabellings") in both
    # a p the reading prints above 0.05 is never called rare, whatever k / n is
    few = ch01.family_red(real, {"faceswap": swap, "gan": gan},
                          {"faceswap": [quiet] * 19, "gan": [high] + [deep] * 19})
    assert ("0 of 19 relabellings (p = 0.05) for `faceswap` and 1 of 20 (p = 0.10) for "
            "`gan`: chance alone reaches the red of `gan` often enough that this figure "
            "cannot tell it from chance; chance alone rarely reaches the red of `faceswap`, "
            "but with 2 families tested") in few
    assert ch01.rarity(0, 19, 1) == "firm" and ch01.rarity(0, 18, 1) == "chance"
    assert ch01.rarity(1, 20, 1) == "chance" and ch01.rarity(1, 60, 2) == "suggestive"
    assert "no seam. A seam would be a line along" in both
    forehead = swap.copy()
    forehead[6:9, 14:24] = 0.03
    own = ch01.family_red(real, {"faceswap": forehead, "gan": gan}, rare)
    assert own.endswith("`faceswap`'s reddest spot lies where `gan`'s does not, so a seam "
                        "could explain it if it lies on the inner face's edge. A seam would "
                        "be a line along the inner face's outline, which a single pixel "
                        "does not test: red along the outline in the figure, at its top or "
                        "elsewhere, is left untested here")
    mixed = ch01.family_red(real, {"a": swap, "b": gan}, {"a": noise["faceswap"],
                                                          "b": rare["gan"]})
    assert mixed.endswith(": chance alone reaches the red of `a` often enough that this "
                          "figure cannot tell it from chance; chance alone rarely reaches the "
                          "red of `b`, so it is likely more than chance, though not "
                          "necessarily a seam. Each count is one draw of 60 relabellings "
                          "and would move by a few on another draw, so the families' counts "
                          "cannot be ranked against each other. A seam would be a line "
                          "along the inner "
                          "face's outline, which a single pixel does not test: red along "
                          "the outline in the figure, at its top or elsewhere, is left "
                          "untested here")
    assert ch01.family_red(real, {"faceswap": swap, "gan": gan}) == (
        "in the figure of the families, the largest excess of fakes over reals is +0.026 for "
        "`faceswap` (row 28, column 24) and +0.023 for `gan` (row 30, column 25). "
        "`faceswap`'s reddest spot alone cannot decide whether a seam made it: `gan`'s lies "
        "within a few pixels of it, though GAN fakes have no pasted face and so no seam. "
        "A seam would be a line along the inner face's outline, which a single pixel does "
        "not test: red along the outline in the figure, at its top or elsewhere, is left "
        "untested here")
    assert ch01.family_red(real, {"faceswap": swap}, noise) == ""
    assert ch01.family_red(real, None, noise) == ""
    full = ch01.class_averages_reading({0: _hist(0.01), 1: _hist(0.006)},
                                       {0: real + 0.1, 1: real + 0.09 + swap},
                                       family_maps={"faceswap": swap + 0.1, "gan": gan + 0.1},
                                       noise=noise)
    assert "patches;\n- in the figure of the families, the largest excess" in full
    # report 01 finding 2: the reddest spots are a bullet of their own, and the counts'
    # caveat is the chapter's, said once
    assert "cannot tell it from chance;\n- `faceswap`'s reddest spot alone" in full
    assert "cannot be ranked" not in full
    assert "no seam" not in full.replace("and so no seam", "")
    assert "\n- blue, where fakes have fewer edges: the mean gap is" in full
    # report 01: the reddest pixel and the line along the outline are two bullets
    assert ("no pasted face and so no seam;\n- a seam would be a line along the inner "
            "face's outline, which a single pixel does not test: red along the outline") in full
    assert "equal to it on the other" not in full
    band = np.zeros((40, 40), bool)
    band[6:9, 10:30] = True  # the forehead spot lies on it
    lined = ch01.family_red(real, {"faceswap": forehead, "gan": gan}, rare, band=band)
    assert "left untested" not in lined
    # report 01 finding 5: the table makes families × statistics tests (2 × 2 here), and
    # p = 1/61 times 4 passes 0.05: suggestive, not firm
    assert ("the mean gap along it, in the test table above, does: +0.0150 for `faceswap`, "
            "reached by 0 of 60 relabellings (p = 0.02) and +0.0000 for `gan`, reached by "
            "60 of 60 relabellings (p = 1.00): chance alone rarely gives `faceswap`'s gap "
            "along the outline, but with 4 tests (2 families × 2 statistics) that is "
            "suggestive rather than firm. A part of the line picked after seeing "
            "the figure") in lined
    assert "with 4 tests (2 families × 2 statistics)" in lined.split("A seam would")[0]
    many = {"faceswap": [high] + [deep] * 99, "gan": [quiet] * 100}
    firm = ch01.family_red(real, {"faceswap": forehead, "gan": gan}, many, band=band)
    assert ("reached by 0 of 100 relabellings (p = 0.01) and +0.0000 for `gan`, reached by "
            "100 of 100 relabellings (p = 1.00): chance alone rarely gives `faceswap`'s gap "
            "along the outline, as a seam would. A part") in firm
    flat = ch01.family_red(real, {"faceswap": swap, "gan": gan}, noise, band=~band)
    assert "often enough, so this run shows no seam there" in flat
    # 0 of 20 along the outline (p = 0.05): rare for one test, not firm with four
    short = {"faceswap": rare["faceswap"][:20], "gan": rare["gan"][:20]}
    hinted = ch01.family_red(real, {"faceswap": forehead, "gan": gan}, short, band=band)
    assert ("chance alone rarely gives `faceswap`'s gap along the outline, but with 4 "
            "tests (2 families × 2 statistics) that is suggestive rather than firm. "
            "A part") in hinted


def _described(real_inv, fake_inv, density=(0.07, 0.06)) -> pd.DataFrame:
    return pd.DataFrame({"y": [0, 0, 1, 1], "edge_density": list(density) * 2,
                         "edge_invdiff_real": real_inv, "edge_invdiff_fake": fake_inv})


def test_edge_invdiff_reading():
    table = _described([0.95, 0.94, 0.93, 0.96], [0.945, 0.944, 0.946, 0.943])
    effects = pd.DataFrame({"auc": [0.406, 0.523], "mean_real": [0.946, 0.945],
                            "mean_fake": [0.944, 0.946]},
                           index=["edge_invdiff_real", "edge_invdiff_fake"])
    maps = {0: np.full((4, 4), 0.077), 1: np.full((4, 4), 0.064)}
    text = ch01.edge_invdiff_reading(table, effects, maps)
    assert text.startswith("Every `edge_invdiff` value of this run lies between 0.930 and "
                           "0.960: edge densities are small (a validation image's average "
                           "0.065), so mean |a - b| runs only from 0.042 to 0.075")
    assert ("Only `edge_invdiff_real` lies 0.05 or more from 0.5 (AUC 0.406, against "
            "0.523 for `edge_invdiff_fake`).\n\nA likely reason") in text
    assert "(mean 0.077 against 0.064)" in text and "0.945 for reals, 0.946 for fakes" in text
    both = ch01.edge_invdiff_reading(table, effects.assign(auc=[0.4, 0.6]), maps)
    assert "Both variants lie 0.05 or more" in both and "interval" not in both
    none = ch01.edge_invdiff_reading(table, effects.assign(auc=[0.48, 0.51]), maps)
    assert none.endswith("Neither variant lies 0.05 or more from AUC 0.5 in this run.")
    assert ch01.edge_invdiff_reading(table.drop(columns="edge_invdiff_fake"), effects,
                                     maps) == ""
    wide = effects.assign(auc_95=_intervals((0.327, 0.5), (0.43, 0.61)))
    hedged = ch01.edge_invdiff_reading(table, wide, maps)
    assert ("(AUC 0.406, against 0.523 for `edge_invdiff_fake`); its 95% interval, 0.327 to 0.500, reaches 0.5, so "
            "this split cannot tell it from chance.\n\nIf the difference is real, a likely "
            "reason") in hedged
    just = ch01.edge_invdiff_reading(
        table, effects.assign(auc_95=_intervals((0.328, 0.499), (0.43, 0.61))), maps)
    assert "0.328 to 0.499, only just excludes 0.5, so the evidence is thin.\n\nA likely" in just
    clear = ch01.edge_invdiff_reading(
        table, effects.assign(auc_95=_intervals((0.3, 0.45), (0.43, 0.61))), maps)
    assert "0.300 to 0.450, excludes 0.5.\n\nA likely reason" in clear
    both = ch01.edge_invdiff_reading(
        table, wide.assign(auc=[0.4, 0.6]), maps)
    assert both.endswith("For `edge_invdiff_real`, its 95% interval, 0.327 to 0.500, reaches "
                         "0.5, so this split cannot tell it from chance. For "
                         "`edge_invdiff_fake`, its 95% interval, 0.430 to 0.610, reaches 0.5, "
                         "so this split cannot tell it from chance.")
    one = ch01.edge_invdiff_reading(table, wide.assign(auc=[0.48, 0.6]), maps)
    assert one.endswith("Only `edge_invdiff_fake` lies 0.05 or more from 0.5 (AUC 0.600; its "
                        "95% interval, 0.430 to 0.610, reaches 0.5, so this split cannot tell "
                        "it from chance); the other variant lies within 0.05 of it.")


def _intervals(*ends) -> pd.arrays.IntervalArray:
    return pd.arrays.IntervalArray.from_tuples(ends, closed="both")


def test_direction_reading():
    effects = pd.DataFrame({"cohens_d": [-0.9, 0.1, -0.3], "auc": [0.25, 0.49, 0.52]},
                           index=["sharpness", "brightness", "saturation"])
    assert ch01.direction_reading(effects) == (
        "In this run d and the AUC disagree in sign for `brightness` and `saturation`: read "
        '"no clear difference" there.')
    agree = effects.assign(auc=[0.25, 0.52, 0.47])
    assert ch01.direction_reading(agree) == (
        "In this run no descriptor's d and AUC disagree in sign; its 2 \"no clear difference\" "
        "rows come from too small an effect.")
    one = effects.loc[["sharpness", "brightness"]].assign(auc=[0.25, 0.52])
    assert ch01.direction_reading(one).endswith('row comes from too small an effect.')
    wide = agree.assign(auc=[0.25, 0.52, 0.43],
                        auc_95=_intervals((0.17, 0.33), (0.4, 0.6), (0.33, 0.54)))
    assert ch01.direction_reading(wide) == (
        "In this run no descriptor's d and AUC disagree in sign; of its 2 \"no clear "
        "difference\" rows, 1 comes from too small an effect and 1 from an `auc_95` interval "
        "that reaches 0.5 (`saturation`): this split cannot tell its direction from chance.")
    only_wide = wide.loc[["sharpness", "saturation"]]
    assert ch01.direction_reading(only_wide).endswith(
        "sign; its 1 \"no clear difference\" row comes from an `auc_95` interval that reaches "
        "0.5 (`saturation`): this split cannot tell its direction from chance.")
    mixed = wide.assign(auc=[0.25, 0.49, 0.43])  # brightness: d and AUC disagree
    assert ch01.direction_reading(mixed) == (
        "In this run d and the AUC disagree in sign for `brightness`: read \"no clear "
        "difference\" there; its other 1 \"no clear difference\" row comes from an `auc_95` "
        "interval that reaches 0.5 (`saturation`): this split cannot tell its direction "
        "from chance.")


def test_an_interval_excluding_half_on_a_small_effect_is_explained():
    effects = pd.DataFrame({"cohens_d": [-0.9, -0.08], "auc": [0.25, 0.461],
                            "auc_95": _intervals((0.167, 0.325), (0.419, 0.492))},
                           index=["sharpness", "saturation"])
    assert ch01.direction_reading(effects) == (
        "In this run no descriptor's d and AUC disagree in sign; its 1 \"no clear difference\" "
        "row comes from too small an effect. The `auc_95` interval of `saturation` excludes "
        "0.5, yet its row reads \"no clear difference\" (too small an effect): an interval "
        "that excludes 0.5 makes a direction likely, but does not make the effect large.")
    two = pd.concat([effects, effects.iloc[[1]].rename(index={"saturation": "brightness"})])
    assert ("The `auc_95` intervals of `saturation` and `brightness` exclude 0.5, yet their "
            "rows read") in ch01.direction_reading(two)


def test_the_first_tables_draw_is_named_when_it_put_the_weakest_ahead():
    aucs, weak = {42: 0.32, 0: 0.32, 1: 0.24, 2: 0.12}, {42: 0.28, 0: 0.32, 1: 0.8, 2: 0.24}
    text = ch01.five_sample_reading(aucs, weak, **FIVE, first_seed=42)
    assert text.endswith(
        "in the draws of seeds 42, 0 and 1 the weakest lay at least as far. Seed 42's draw is "
        "the first table's ten images: on them `lbp_cos_fake` (AUC 0.28) lay further from 0.5 "
        "than `sharpness` (0.32), so a paper that drew that table would have ranked the "
        "weakest descriptor above the strongest.")
    level = ch01.five_sample_reading(aucs, weak, **FIVE, first_seed=0)
    assert "lay as far from 0.5 as `sharpness` (0.32)" in level and "level with" in level
    other = ch01.five_sample_reading(aucs, weak, **FIVE, first_seed=2)
    assert other.endswith("a paper that drew one of those tables could not have told them "
                          "apart.")
    one = ch01.five_sample_reading({0: 0.2, 1: 0.3}, {0: 0.45, 1: 0.1}, **FIVE)
    assert one.endswith("a paper that drew that table could not have told them apart.")


def test_family_blue_says_where_each_family_loses_edges():
    real = np.full((8, 8), 0.1)
    gan, swap = real - 0.03, real.copy()
    gan[2:6, 2:6] -= 0.01  # GAN fakes lose edges everywhere, most inside
    swap[2:6, 2:6] -= 0.02  # face swaps inside only
    text = ch01.family_blue(real, {"faceswap": swap, "gan": gan})
    assert text.startswith("blue, where fakes have fewer edges: the mean gap is -0.040 "
                           "inside the central square (rows and columns 2 to 5, about the "
                           "inner face) and -0.030 outside it for `gan`, -0.020 and +0.000 "
                           "for `faceswap`. GAN fakes lose edges outside the inner face too")
    face = np.zeros((8, 8), bool)
    face[2:6, 2:6] = True
    outlined = ch01.family_blue(real, {"faceswap": swap, "gan": gan}, face)
    assert outlined.startswith("blue, where fakes have fewer edges: the mean gap is -0.040 "
                               "inside the dashed outline of the inner face and -0.030 "
                               "outside it for `gan`")
    level = ch01.family_blue(real, {"faceswap": gan, "gan": gan})
    assert level.endswith("this run does not show that difference")
    assert ch01.family_blue(real, {"faceswap": swap}) == ""
    assert ch01.family_blue(real, None) == ""


def test_five_shares_reading_reads_both_classes_at_once():
    measures = ("hist_cos", "lbp_cos", "edge_invdiff")
    five = pd.DataFrame({"hist_cos": [0.4, 0.8], "lbp_cos": [0.6, 0.8],
                         "edge_invdiff": [0.6, 0.8]}, index=["real", "fake"])
    assert ch01.five_shares_reading(five, measures) == (
        "Read with both classes, for these ten images: by `hist_cos` most reals (60%) are "
        "nearer the *fake* average too, as most fakes (80%) are, so it mostly says \"fake\" "
        "whatever the image; by `lbp_cos` (60% of reals, 80% of fakes) and `edge_invdiff` "
        "(60% of reals, 80% of fakes) most of each class is nearer its own average.")
    other = pd.DataFrame({"hist_cos": [0.8, 0.2], "lbp_cos": [0.4, 0.4],
                          "edge_invdiff": [0.6, 0.8]}, index=["real", "fake"])
    text = ch01.five_shares_reading(other, measures)
    assert "by `hist_cos` most fakes (80%) are nearer the *real* average too" in text
    assert text.endswith("; by `lbp_cos` neither class has a majority nearer its own "
                         "average.")


def test_the_chapter_states_the_borderline_threshold_the_reading_uses():
    # the direction cell compares against ch01.JUST; its markdown names the value
    from pathlib import Path

    text = (Path(__file__).parents[1] / "chapters" / "01_eda.py").read_text()
    assert f"an end lies within `{ch01.JUST}` of `0.5`" in text
    assert f"readings.ch01.JUST)  # JUST is {ch01.JUST}" in text


def test_class_average_numbers_prints_every_number_the_reading_states():
    """Report 01: the class-averages reading stated numbers no output printed (clipped
    shares, pixel shares, mean densities and gaps, each family's reddest pixel and its
    gaps inside and outside the outline); the table prints each as the reading does."""
    rng = np.random.default_rng(0)
    real = rng.uniform(0.05, 0.3, (40, 40))
    fake = real - rng.uniform(-0.005, 0.03, real.shape)
    families = {"faceswap": fake + rng.normal(0, 0.01, real.shape),
                "gan": fake - rng.uniform(0, 0.02, real.shape)}
    face = np.zeros((40, 40), bool)
    face[10:30, 12:28] = True
    hists, maps = {0: _hist(0.01), 1: _hist(0.006)}, {0: real, 1: fake}
    text = ch01.class_averages_reading(hists, maps, family_maps=families, face=face)
    table = ch01.class_average_numbers(hists, maps, family_maps=families, face=face)
    shown = table["this run"]
    for value in shown:
        for number in value.replace("(", " ").replace(")", " ").replace(",", " ").split():
            assert number.lstrip("+") in text, (value, number)
    assert shown[("real", "channel values at 0 or 255")] == "1.0%"
    assert shown[("fake", "channel values at 0 or 255")] == "0.6%"
    assert ("faceswap minus real", "mean inside the outline") in shown.index
    square = ch01.class_average_numbers(hists, maps, family_maps=families)
    assert ("gan minus real", "mean outside the central square") in square.index
    alone = ch01.class_average_numbers(hists, maps)
    assert list(alone.index.get_level_values("map").unique()) == [
        "real", "fake", "fake minus real"]
