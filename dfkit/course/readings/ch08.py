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
    return (f"Across seeds, Model 1's test ROC-AUC has a standard "
            f"deviation of {sd_rgb:.3f} on RGB and "
            f"{sd_stack:.3f} on the stack; the paired "
            f"differences have {paired_sd:.3f}. Two unpaired runs' "
            f"difference would vary by about {unpaired_sd:.3f} (the root "
            f"of the sum of the two variances), so {helped}.")


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
    """One column of the matrix in words: its drop (or rise) off the diagonal."""
    change = seen - unseen
    return (f"the {family} column {'drops' if change > 0 else 'rises'} by "
            f"{abs(change):.3f} off its diagonal ({seen:.3f} seen, "
            f"{unseen:.3f} unseen)")


def drops_against_bar(drops: Mapping[str, float], bar: float,
                      reachable: bool = True) -> str:
    """Which columns' drops (seen minus unseen) exceed the noise ``bar``, and what
    that says about the literature's drop on unseen fakes (``reachable`` False: the
    bar is beyond any possible drop, which ``bar_out_of_reach`` says instead)."""
    beyond = [f for f, d in drops.items() if abs(d) > bar]
    rises = [f for f, d in drops.items() if d <= 0]
    big_rises = sorted(set(rises) & set(beyond))
    if not rises and len(beyond) == len(drops):
        return ("every column drops by more than that: this run shows "
                "the drop the literature reports, beyond its seed noise")
    if not rises and not beyond:
        return ("every column drops, as the literature leads one to "
                "expect, but no drop exceeds that, so this run cannot tell "
                "the drops from seed noise")
    if not rises:  # some drops exceed the bar, not all
        verb = "drops" if len(beyond) == 1 else "drop"
        rest = ("the other column's drop" if len(drops) - len(beyond) == 1
                else "the other columns' drops")
        return ("every column drops, as the literature leads one to "
                f"expect, but only {_names(beyond)} {verb} by more than "
                f"that: this run cannot tell {rest} from seed noise")
    if big_rises:
        verb = "rises" if len(big_rises) == 1 else "rise"
        return ("this run does not show the drop the literature "
                f"reports: {_names(big_rises)} {verb} by more than that, "
                "which one seed per cell on a small synthetic set leaves "
                "unexplained")
    if beyond:
        drop_verb = "drops" if len(beyond) == 1 else "drop"
        rise_verb = "rises" if len(rises) == 1 else "rise"
        return (f"{_names(beyond)} {drop_verb} by more than that, while "
                f"{_names(rises)} {rise_verb} within it: only part of the "
                "literature's drop shows here")
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


def other_yardstick(drops: Mapping[str, float], rgb_sd: float, stack_sd: float,
                    room: float) -> str:
    """When the two inputs' seed SDs differ over 3 times (section 1's odd run), the
    bar from the stack's SD and the verdict against it; else ""."""
    if not max(rgb_sd, stack_sd) > 3 * min(rgb_sd, stack_sd):
        return ""
    alt = 2 * np.sqrt(2) * stack_sd
    which = ("rests on RGB's odd run" if rgb_sd > stack_sd
             else "misses the stack's odd run")
    if alt >= room and not any(d > alt for d in drops.values()):
        against = "still beyond any possible drop"
    else:
        against = "and against it " + drops_against_bar(drops, alt)
    return (f" This yardstick {which}: the two inputs' seeds spread very "
            f"differently (SD {rgb_sd:.3f} on RGB, {stack_sd:.3f} on the stack, "
            f"section 1). With the stack's SD the bar would be {alt:.3f}, "
            f"{against}. Which verdict holds depends on the yardstick; more "
            "seeds (further research 3) would settle it.")


def unseen_family_reading(seen: Mapping[str, float], unseen: Mapping[str, float],
                          rgb_sd: float, n_seeds: int, noise: float,
                          room: float, stack_sd: float | None = None) -> str:
    """Each column's change off its diagonal, read against twice the seed noise of a
    difference of two runs (``noise``, from the ablation's RGB runs of Model 1);
    ``stack_sd``, the stack's seed SD, flags a yardstick that rests on one odd run."""
    said = [column_change(f, seen[f], unseen[f]) for f in seen]
    drops = {f: seen[f] - unseen[f] for f in seen}
    bar = 2 * noise
    out_of_reach = bar_out_of_reach(bar, room, drops)
    reading = drops_against_bar(drops, bar, reachable=not out_of_reach) + out_of_reach
    odd = "" if stack_sd is None else other_yardstick(drops, rgb_sd, stack_sd, room)
    return ("In this run " + "; ".join(said) + ". Model 1's test "
            f"ROC-AUC on RGB varied across the ablation's {n_seeds} "
            f"seeds with a standard deviation of {rgb_sd:.3f}, so "
            f"the difference of two single runs varies by about "
            f"{noise:.3f} (a yardstick borrowed from the ablation, whose "
            f"models saw both families). Taking twice that, {bar:.3f}, as "
            "the bar (about two standard deviations of a difference: a rough "
            f"95% bar): {reading}.{odd}")


def linear_beats_cnn(model_1: pd.DataFrame, linear_aucs: pd.Series, n_train: int,
                     epochs: int) -> str | None:
    """When a linear baseline (``linear_aucs``: test ROC-AUC on all fakes by feature
    set) tops Model 1's best mean ROC-AUC (``model_1``: seeds × inputs) by over 0.05,
    say whether it beats every run of Model 1 or only the mean, within its seeds."""
    best_mean = model_1.mean().max()
    name, auc = linear_aucs.idxmax(), linear_aucs.max()
    if not auc > best_mean + 0.05:
        return None
    why = (f"Model 1 saw {n_train} faces for at most {epochs} epochs here, while "
           "the logistic regression gets a ready-made cue that up-sampling leaves "
           "in the spectrum.")
    top = model_1.max()
    if auc > top.max():
        return (f"In this run a linear model beats every run of Model 1: {name} "
                f"reaches {auc:.3f}, above Model 1's best single run "
                f"({top.max():.3f}) and its best mean ({best_mean:.3f}). {why}")
    spans = " and ".join(f"{model_1[k].min():.3f} to {top[k]:.3f} on {k}"
                         for k in model_1.columns)
    below = [k for k in model_1.columns if auc > top[k]]
    tops = f" On {' and '.join(below)} alone it is above every run." if below else ""
    return (f"In this run {name} reaches {auc:.3f}: above Model 1's best mean "
            f"ROC-AUC ({best_mean:.3f}) but within its seed spread (its runs "
            f"scored {spans}), so this run does not show that a linear model "
            f"beats Model 1.{tops} {why}")
