"""Chapter 08's readings: this run's ablation, unseen-fakes matrix and baselines.

Each function takes numbers the chapter computed in plain sight and returns the
Markdown sentence that reads them (``None`` where no sentence holds for this run); the
branches are tested in ``tests/test_readings_ch08.py``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

# paired SD below 0.8 of the unpaired: a gain 3 seeds can resolve (not a smaller one)
CLEAR_PAIRING_GAIN = 0.8
NEAR_CHANCE = 0.6  # a ROC-AUC below this: a model that learnt too little to read


def _names(families: list[str]) -> str:
    """``the gan column``, ``the faceswap and gan columns``: columns in words."""
    noun = "column" if len(families) == 1 else "columns"
    return f"the {' and '.join(families)} {noun}"


def full_ablation_pace(n_full: int, minutes: float) -> str:
    """What Model 1's share of the paper profile's ablation would take at this run's
    pace ("under a minute" rather than "about 0 min" on a fast machine)."""
    took = "under a minute" if minutes < 1 else f"about {minutes:.0f} min"
    return (f"At that pace Model 1's share of the full ablation "
            f"({n_full} runs, every input) would take {took} here, and "
            "Model 2's share longer: it is the slower model.")


def pairing_verdict(sd_rgb: float, sd_stack: float, paired_sd: float,
                    unpaired_sd: float) -> str:
    """Did pairing by seed narrow the spread? The paired differences' SD against the
    SD an unpaired difference of the two inputs' runs would have."""
    if paired_sd < CLEAR_PAIRING_GAIN * unpaired_sd:
        helped = ("pairing helped here: part of what the seeds did was "
                  "shared, and cancelled")
    elif paired_sd < unpaired_sd:
        helped = "pairing helped little here"
    else:
        helped = ("pairing did not help here: in these few seeds nothing the "
                  "two inputs shared shows up in their differences")
    worse = ("" if paired_sd <= unpaired_sd else
             " Pairing can even widen the spread: when a seed that lifts one "
             "input's run sinks its partner's, the two inputs' scores correlate "
             "negatively and their differences vary more than unpaired ones "
             "would; and an SD from a few seeds is itself very noisy, so "
             "spreads this close cannot be told apart.")
    return (f"Across seeds, Model 1's test ROC-AUC has a standard "
            f"deviation of {sd_rgb:.3f} on RGB and "
            f"{sd_stack:.3f} on the stack; the paired "
            f"differences have {paired_sd:.3f}. Two unpaired runs' "
            f"difference would vary by about {unpaired_sd:.3f} (the root "
            f"of the sum of the two variances), so {helped}.{worse}")


def odd_run_reading(per_seed: pd.DataFrame) -> str | None:
    """When one input's runs (a column of ``per_seed``: seeds × inputs, test
    ROC-AUC) spread over 3 times more than the other's, which seed went its own way;
    else None."""
    sd = per_seed.std()  # across seeds, ddof=1
    wide, narrow = sd.idxmax(), sd.idxmin()
    if not sd[wide] > 3 * sd[narrow]:
        return None
    opening = (f"One input's runs spread far more than the other's: "
               f"{wide} {sd[wide]:.3f} against {sd[narrow]:.3f} for {narrow}.")
    scores = per_seed[wide]
    if len(scores) < 3:  # two runs: each is as far from their middle as the other
        both = " and ".join(f"{v:.3f}" for v in scores)
        return (f"{opening} Its {len(scores)} seeds scored {both}: with two seeds "
                "neither run stands out as the odd one, and the paired "
                "differences carry that spread in full.")
    odd = (scores - scores.median()).abs().idxmax()  # furthest off
    others = ", ".join(f"{v:.3f}" for v in scores.drop(odd))
    return (f"{opening} Its seed {odd} scored {scores[odd]:.3f}, "
            f"the rest {others}: a run that went its own way, "
            "which that seed's paired difference carries in full.")


def wide_interval_reading(low: float, high: float) -> str | None:
    """When the paired interval contains zero and is over 0.25 wide (half the span from
    chance to perfect), say it is uninformative rather than evidence of no effect."""
    if not (high - low > 0.25 and low < 0 < high):
        return None
    return (f"The interval, from {low:.3f} to {high:.3f}, is "
            f"{high - low:.2f} wide, against the span of 0.5 "
            "between a detector at chance and a perfect one: it "
            "allows a large loss as well as a large gain, so on this "
            "run it is uninformative about the stack, not evidence "
            "that the stack does nothing.")


def near_chance_caveat(best_auc: float) -> str | None:
    """When even the ablation's best model is near chance, no verdict means much."""
    if best_auc >= NEAR_CHANCE:
        return None
    return (f"Every model in this run is near chance (the best mean ROC-AUC is "
            f"{best_auc:.3f}): no verdict here ('helps', 'hurts' or 'no evidence') "
            "says anything about fusion, even one whose interval excludes zero: "
            "two near-chance models can differ consistently by a hair.")


def one_answer_caveat(balanced_accuracies: pd.Series) -> str | None:
    """When every run's balanced accuracy is exactly 0.5 (one answer for every face at
    the 0.5 threshold), say why its ROC-AUC can still differ from 0.5."""
    if not (balanced_accuracies == 0.5).all():
        return None
    return ("Every run's balanced accuracy is exactly 0.5: at the 0.5 threshold each "
            "model gives one answer for every test face. Its ROC-AUC can still be "
            "above 0.5 (it ranks faces, whatever the threshold); chapter 06 explains "
            "the difference.")


def matrix_near_chance(highest: float) -> str | None:
    """When every cell of the generalisation matrix is near chance: no drop to read."""
    if highest >= NEAR_CHANCE:
        return None
    return (f"Every cell is near chance (the highest is {highest:.3f}): these "
            "models learnt too little for a drop between seen and unseen fakes to mean "
            "anything. Do q3 for the arithmetic, and read the literature below for the "
            "effect.")


def column_change(family: str, seen: float, unseen: float) -> str:
    """One column of the matrix in words, without its size (q3 computes that)."""
    return (f"the {family} column {'drops' if seen - unseen > 0 else 'rises'} off "
            "its diagonal")


def poor_training(families: list[str]) -> str:
    """For columns that rise: the seen cell's model may have trained poorly."""
    if not families:
        return ""
    models = " and on ".join(families)
    return (f" The model trained on {models} scores {_verb(families, 'it', 'them')} "
            f"lower than the model that never saw {_verb(families, 'it', 'them')}: "
            "it may simply have trained poorly, as a single run can (section 1's "
            "seeds show how far runs of one input spread); one seed per cell "
            "cannot tell.")


def training_sizes(sizes: Mapping[str, int], n_both: int) -> str:
    """How many faces each row's model of the matrix trained on (``sizes``: family ->
    training faces, real ones plus that family), against section 1's ``n_both``."""
    if len(set(sizes.values())) == 1:
        said = f"{next(iter(sizes.values()))} faces each (real faces plus one family)"
    else:
        said = (" and ".join(f"{n} ({f})" for f, n in sizes.items())
                + " faces (real faces plus one family)")
    return (f"Each row's model below trained with seed 0 on {said}, against the "
            f"{n_both} of section 1's runs, which saw both families.")


def spectrum_reading(profiles: Mapping[str, np.ndarray], reference: str = "real") -> str:
    """The spectrum figure in words: ring 0 is empty, and where each group's mean
    profile falls furthest below the ``reference`` group's (``profiles``: group ->
    ``(n_images, rings)``), with what is left of that deficit at the highest ring."""
    means = {g: np.asarray(rows).mean(axis=0) for g, rows in profiles.items()}
    n_rings = len(means[reference])
    said = []
    for g, mean in means.items():
        if g == reference:
            continue
        gap = mean - means[reference]
        low = int(np.argmin(gap))
        if gap[low] >= 0:
            said.append(f"the {g} faces lie at or above the {reference} ones at "
                        "every ring")
            continue
        said.append(f"the {g} faces fall furthest below the {reference} ones at "
                    f"ring {low} (by {-gap[low]:.2f}; by {-gap[-1]:.2f} at ring "
                    f"{n_rings - 1})")
    return ("Ring 0 is 0 for every face: the image's mean brightness is "
            "subtracted before the transform, so the lowest ring holds no energy. "
            "In the right panel (mean log power minus the " + reference + " "
            "faces'), " + "; ".join(said) + ". An image made at half resolution and enlarged lacks the "
            f"frequencies above ring {n_rings // 2} (half the highest) that the "
            "small image could not hold; at the top rings the noise and JPEG "
            "compression that every face gets fill both profiles alike.")


def _verb(families: list[str], one: str, many: str) -> str:
    return one if len(families) == 1 else many


def drops_against_bar(drops: Mapping[str, float], bar: float,
                      reachable: bool = True) -> str:
    """Which columns' drops (seen minus unseen) exceed the noise ``bar``, and what
    that says about the literature's drop on unseen fakes (``reachable`` False: the
    bar is beyond any possible drop, which ``bar_out_of_reach`` says instead)."""
    big_drops = [f for f, d in drops.items() if d > bar]
    rises = [f for f, d in drops.items() if d <= 0]
    big_rises = [f for f, d in drops.items() if -d > bar]
    if not rises and len(big_drops) == len(drops):
        return ("every column drops by more than that: this run shows "
                "the drop the literature reports, beyond its seed noise")
    if not rises and not big_drops:
        return ("every column drops, as the literature leads one to "
                "expect, but no drop exceeds that, so this run cannot tell "
                "the drops from seed noise")
    if not rises:  # some drops exceed the bar, not all
        rest = ("the other column's drop" if len(drops) - len(big_drops) == 1
                else "the other columns' drops")
        return ("every column drops, as the literature leads one to "
                f"expect, but only {_names(big_drops)} "
                f"{_verb(big_drops, 'drops', 'drop')} by more than "
                f"that: this run cannot tell {rest} from seed noise")
    if big_rises and big_drops:  # beyond the bar both ways: a mixed result
        return (f"{_names(big_drops)} {_verb(big_drops, 'drops', 'drop')} by more "
                f"than that, as the literature reports, and {_names(big_rises)} "
                f"{_verb(big_rises, 'rises', 'rise')} by more than that, the "
                "reverse: a mixed result, with no consistent drop on unseen fakes")
    if big_rises:
        return ("this run does not show the drop the literature "
                f"reports: {_names(big_rises)} {_verb(big_rises, 'rises', 'rise')} "
                "by more than that")
    if big_drops:
        return (f"{_names(big_drops)} {_verb(big_drops, 'drops', 'drop')} by more "
                f"than that, while {_names(rises)} {_verb(rises, 'rises', 'rise')} "
                "within it: only part of the literature's drop shows here")
    none = ("no change exceeds that (a column even rises): this run "
            "shows no drop it can tell from seed noise")
    if not reachable:
        return none
    return (none + ". That does not contradict the literature either: with "
            "noise this large, one seed per cell could show only a drop of "
            f"more than {bar:.3f}")


def bar_out_of_reach(bar: float, room: float, drops: Mapping[str, float]) -> str:
    """When the bar is at least the fall from the best diagonal cell to chance
    (``room``) and no drop cleared it, the matrix could not test the claim; else ""."""
    if bar < room or any(d > bar for d in drops.values()):
        return ""
    if room <= 0:  # every diagonal cell at or below chance: nothing to fall from
        return (". Every diagonal cell is at or below chance, so no column had "
                "a drop to show, and this run cannot test the literature's claim")
    return (f". The bar is larger than even a fall from the best diagonal cell "
            f"to chance ({room:.3f}): with this yardstick no possible drop could "
            "clear it, so this run cannot test the literature's claim")


def _verdict(drops: Mapping[str, float], bar: float, room: float) -> str:
    """The verdict against one bar: the drops read against it, or out of reach."""
    out_of_reach = bar_out_of_reach(bar, room, drops)
    return drops_against_bar(drops, bar, reachable=not out_of_reach) + out_of_reach


def _t(n_seeds: int) -> float:
    """Section 1's multiplier: Student's t for a 95% interval from ``n_seeds`` runs."""
    from dfkit.evaluation.ablation import t_multiplier

    return t_multiplier(n_seeds)


def _bar(sd: float, n_seeds: int) -> tuple[float, float]:
    """The SD of a difference of two single runs (sqrt(2) SD, to 3 decimals, as
    shown) and the bar: Student's t for ``n_seeds`` runs times that, as section 1
    pays for an SD from few seeds (a bar of twice the noise ignored it)."""
    noise = round(float(np.sqrt(2) * sd), 3)
    return noise, round(_t(n_seeds) * noise, 3)


def _yardstick(which: str, why: str, sd: float, n_seeds: int, drops, room) -> str:
    """One yardstick: whose seed SD, why it could apply, the bar and the verdict."""
    noise, bar = _bar(sd, n_seeds)
    return (f"**{which}.** {why} Its test ROC-AUC varied across the ablation's "
            f"{n_seeds} seeds with a standard deviation of {sd:.3f}, so two single "
            f"runs differ by about {noise:.3f}; {_t(n_seeds):.2f} times that (Student's "
            f"t for {n_seeds} seeds, section 1's rule), {bar:.3f}, is the bar. "
            f"Against it: {_verdict(drops, bar, room)}.")


def sd_roughness(n_seeds: int) -> str:
    """How rough an SD from ``n_seeds`` runs is: the 95% chi-square interval of the
    true SD, as multiples of the one measured."""
    from scipy.stats import chi2

    df = n_seeds - 1
    low, high = (np.sqrt(df / chi2.ppf(q, df)) for q in (0.975, 0.025))
    return (f"An SD from {n_seeds} seeds is itself rough: the true one could lie "
            f"anywhere from about {low:.1f} to {high:.0f} times it (a 95% "
            "interval), so read each bar below as rough too.")


def unseen_family_reading(seen: Mapping[str, float], unseen: Mapping[str, float],
                          rgb_sd: float, n_seeds: int, room: float,
                          stack_sd: float | None = None) -> str:
    """Each column's change off its diagonal (its direction: q3 computes its size),
    read against the seed noise of a difference of two runs, from the ablation's RGB
    runs of Model 1 and, when the stack's seed SD (``stack_sd``) differs from RGB's
    over 3 times, from the stack's too: two yardsticks, each with its own verdict.
    Paragraphs, not one block."""
    said = [column_change(f, seen[f], unseen[f]) for f in seen]
    drops = {f: seen[f] - unseen[f] for f in seen}
    rises = [f for f, d in drops.items() if d <= 0]
    changes = ("In this run " + " and ".join(said) + " (q3 asks by how much)."
               + poor_training(rises) + " " + sd_roughness(n_seeds))
    two = stack_sd is not None and max(rgb_sd, stack_sd) > 3 * min(rgb_sd, stack_sd)
    rgb_why = ("The matrix's own model and input: its seed spread shows what "
               "such runs can do, an unstable run included.")
    if not two:
        return "\n\n".join([changes, _yardstick(
            "The yardstick: Model 1 on RGB", rgb_why + " It is borrowed from the "
            "ablation, whose models saw both families.", rgb_sd, n_seeds, drops,
            room)])
    first = _yardstick("Yardstick 1: Model 1 on RGB", rgb_why, rgb_sd, n_seeds,
                       drops, room)
    second = _yardstick(
        "Yardstick 2: Model 1 on the stack", "The same model, data and seeds "
        "with 3 more input channels. If RGB's spread comes from a rare unstable "
        "run, this is closer to the noise of a run that trained normally.",
        stack_sd, n_seeds, drops, room)
    verdicts = {_verdict_kind(drops, _bar(sd, n_seeds)[1], room) for sd in (rgb_sd, stack_sd)}
    if len(verdicts) == 1:
        ending = "Both yardsticks give the same verdict."
    else:
        ending = (f"The two yardsticks give different verdicts, and {n_seeds} seeds "
                  "cannot tell which applies; both are borrowed from the ablation, "
                  "whose models saw both families. More seeds per cell (further "
                  "research 3) would give the matrix a noise of its own.")
    return "\n\n".join([changes, first, second, ending])


def _verdict_kind(drops: Mapping[str, float], bar: float, room: float) -> tuple:
    """What a verdict says, without its numbers: which columns drop and which rise
    beyond the bar, and whether any drop could clear it."""
    return (tuple(f for f, d in drops.items() if d > bar),
            tuple(f for f, d in drops.items() if -d > bar),
            bool(bar_out_of_reach(bar, room, drops)))


def linear_beats_cnn(model_1: pd.DataFrame, linear_aucs: pd.Series, n_train: int,
                     epochs: int) -> str | None:
    """When a linear baseline (``linear_aucs``: test ROC-AUC on all fakes by feature
    set) tops Model 1's best mean ROC-AUC (``model_1``: seeds × inputs) by over 0.05,
    one verdict per input by section 1's logic: is the baseline above or inside
    the 95% Student-t interval of Model 1's mean over its seeds?"""
    from dfkit.evaluation.ablation import paired_interval

    best_mean = model_1.mean().max()
    name, auc = linear_aucs.idxmax(), linear_aucs.max()
    if not auc > best_mean + 0.05 or len(model_1) < 2:
        return None
    n = len(model_1)
    said = []
    for k in model_1.columns:
        runs = model_1[k]
        mean, _, high = paired_interval(runs)  # section 1's interval of a mean over seeds
        half = high - mean
        beaten = int((runs < auc).sum())
        if auc > high:
            where = "above that interval: the linear model scores higher"
        else:  # never below: the baseline tops every input's mean
            where = "inside that interval: no evidence either way"
        said.append(f"Model 1 on {k} scored a mean of {mean:.3f} "
                    f"± {half:.3f}; the baseline beats {beaten} of its {n} runs "
                    f"and lies {where}.")
    return (f'The best linear baseline, the "{name}" row, reaches {auc:.3f} on '
            f"all fakes. Against the 95% interval of Model 1's mean over its {n} "
            "seeds (section 1's rule, with Student's t): " + " ".join(said)
            + f" With {n} seeds each interval rests on a rough SD. Model 1 saw "
            f"{n_train} faces for at most {epochs} epochs here, while the "
            "logistic regression gets a ready-made cue that up-sampling leaves in "
            "the spectrum.")
