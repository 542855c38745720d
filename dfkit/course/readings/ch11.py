"""Chapter 11's sentences: what this run's reliability diagram, rescalings, costs, unseen family
and per-band error rates say."""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

TOL = 0.02  # a side whose weighted mean gap is within this of 0 counts as on the diagonal


def _side(gap: float, above: bool) -> str:
    """Where one side of 0.5 lies, by the diagram rule (above 0.5, below the diagonal is
    over-confident that faces are fake; below 0.5, above the diagonal is over-confident that
    they are real)."""
    where = "scores above `0.5`" if above else "scores below `0.5`"
    if math.isnan(gap):
        return f"the {where} fill no bin"
    if gap < -TOL:
        lean = ("over-confident that those faces are fake" if above else
                "under-confident: those faces are real more often than their scores say")
        return f"the {where} lie below the diagonal (mean gap {gap:+.3f}), {lean}"
    if gap > TOL:
        lean = ("under-confident: those faces are fake more often than their scores say"
                if above else "over-confident that those faces are real")
        return f"the {where} lie above the diagonal (mean gap {gap:+.3f}), {lean}"
    return f"the {where} lie on the diagonal within `0.02` (mean gap {gap:+.3f})"


def diagram_reading(gap_below: float, gap_above: float, temperature: float,
                    platt_b: float) -> str:
    """Read the validation diagram by the chapter's rule, side by side of 0.5 (``gap_*``: the
    bins' weighted mean of share of fakes minus mean score), name the pattern (a shift, too
    spread, too squeezed) and say which way the fitted temperature and Platt's offset move each
    side."""
    lo, hi = gap_below, gap_above
    text = (f"Read by the rule above, on validation {_side(lo, False)}; "
            f"{_side(hi, True)}. ")
    if lo < -TOL and hi < -TOL:
        text += ("Both sides too high: the scores are shifted towards \"fake\", a shift "
                 "that only an offset can undo. ")
    elif lo > TOL and hi > TOL:
        text += ("Both sides too low: the scores are shifted towards \"real\", a shift "
                 "that only an offset can undo. ")
    elif lo > TOL and hi < -TOL:
        text += ("Both sides too far from `0.5`: the curve is flatter than the diagonal, "
                 "which a temperature above 1 softens. ")
    elif lo < -TOL and hi > TOL:
        text += ("Both sides too close to `0.5`: the curve is steeper than the diagonal, "
                 "which a temperature below 1 sharpens. ")
    if abs(temperature - 1) <= 0.05:
        text += f"The fitted T = {temperature:.3f} barely moves any score. "
    else:
        sharpen = temperature < 1
        verb = "sharpens" if sharpen else "softens"
        moves = {"below": "down" if sharpen else "up", "above": "up" if sharpen else "down"}
        parts = []
        for side, gap in (("below", lo), ("above", hi)):
            wants = "down" if gap < -TOL else "up" if gap > TOL else None
            how = ("which they need" if wants == moves[side] else
                   "the wrong way for them" if wants else "where they were already right")
            parts.append(f"those {side} `0.5` {moves[side]}, {how}")
        text += f"The fitted T = {temperature:.3f} {verb} the scores: it moves " \
                f"{'; '.join(parts)}. "
    if abs(platt_b) > 0.05:
        way = "down (towards \"real\")" if platt_b < 0 else "up (towards \"fake\")"
        text += f"Platt's offset b = {platt_b:.3f} moves every score {way}."
    else:
        text += f"Platt's offset b = {platt_b:.3f} moves the scores hardly at all."
    return text


def chosen_rescaling(cv_loss: Mapping[str, float]) -> str:
    """The rescaling with the lower out-of-fold validation log loss; a tie at three decimals
    goes to the temperature (one parameter instead of two)."""
    if f"{cv_loss['Platt']:.3f}" == f"{cv_loss['temperature']:.3f}":
        return "temperature"
    return min(("temperature", "Platt"), key=lambda name: cv_loss[name])


def rescaling_choice(cv_loss: Mapping[str, float], test: pd.DataFrame) -> str:
    """Which rescaling validation chose and why, then its test numbers, said once, and whether
    test would have chosen the other (``test``: rows raw/temperature/Platt, columns
    ``test ECE`` and ``test log loss``)."""
    chosen = chosen_rescaling(cv_loss)
    other = "Platt" if chosen == "temperature" else "temperature"
    tie = f"{cv_loss['Platt']:.3f}" == f"{cv_loss['temperature']:.3f}"
    why = ("a tie at three decimals, so the one with a single parameter" if tie else
           "the lower")
    text = (f"Chosen on validation: {chosen} scaling, {why} out-of-fold log loss "
            f"({cv_loss[chosen]:.3f} against {cv_loss[other]:.3f} for {other}). "
            f"On test, measured once: ECE {test.loc[chosen, 'test ECE']:.3f} and log loss "
            f"{test.loc[chosen, 'test log loss']:.3f} (raw scores "
            f"{test.loc['raw', 'test ECE']:.3f} and {test.loc['raw', 'test log loss']:.3f}).")
    if test.loc[other, "test log loss"] < test.loc[chosen, "test log loss"]:
        text += (f" Test would have preferred {other} scaling (log loss "
                 f"{test.loc[other, 'test log loss']:.3f}); we keep the validation choice, "
                 "since switching now would choose on test.")
    return text


def prior_shift_weight(bins: pd.DataFrame) -> str:
    """Where the weight of a reweighted reliability diagram sits (``bins``: its
    ``reliability_bins`` table): the ECE weights each gap by its bin's weight."""
    share = bins["weight"] / bins["weight"].sum()
    lowest = bins["mean_predicted"].idxmin()
    far = bins["gap"].abs().idxmax()
    return (f"At 1 fake in 100, {share[lowest]:.1%} of the weight sits in the lowest bin "
            f"(mean score {bins.loc[lowest, 'mean_predicted']:.3f}, share of fakes "
            f"{bins.loc[lowest, 'fraction_fake']:.3f}); the prior-shifted point farthest "
            f"from the diagonal, at ({bins.loc[far, 'mean_predicted']:.2f}, "
            f"{bins.loc[far, 'fraction_fake']:.2f}), carries {share[far]:.2%} of it.")


def cost_winner(costs: pd.DataFrame) -> str:
    """Which threshold cost least on test (``costs``: rows 'Bayes rule on rescaled scores',
    'searched on validation (ch. 10)', 'flag nothing'; columns ``cost/1k`` and
    ``test faces flagged``)."""
    bayes, search, nothing = (costs.iloc[i] for i in range(3))
    b, s, n = bayes["cost/1k"], search["cost/1k"], nothing["cost/1k"]
    if f"{b:.1f}" == f"{s:.1f}":
        text = f"Here the formula and the search cost the same on test ({b:.1f} per 1,000 faces)"
    else:
        win = "the formula" if b < s else "the search"
        text = (f"Here {win} costs less on test: {min(b, s):.1f} per 1,000 faces against "
                f"{max(b, s):.1f}")
    text += f"; flagging nothing costs {n:.1f}."
    if bayes["test faces flagged"] == 0:
        text += " The formula's threshold flags no test face, so it costs what flagging nothing costs."
    elif min(b, s) >= n:
        text += " Neither threshold beats flagging nothing on test."
    return text


def family_reading(families: pd.DataFrame, t_family: float, ece_model1: float) -> str:
    """The unseen family against the family model's own seen-family calibration (``families``:
    rows seen then unseen, columns ``ECE``, ``ROC-AUC``, ``mean P(fake)``); ``ece_model1``:
    Model 1's test ECE after its own rescaling, the reference for a model trained on both."""
    seen, unseen = families.iloc[0], families.iloc[1]
    text = (f"The family model's temperature, fitted on its own validation split: "
            f"T = {t_family:.3f}. On the family it was trained on it reaches ROC-AUC "
            f"{seen['ROC-AUC']:.3f} and ECE {seen['ECE']:.3f} (Model 1, trained on both "
            f"families, has a test ECE of {ece_model1:.3f} after temperature scaling): "
            f"that is the "
            f"calibration this model starts from. ")
    gap = unseen["ECE"] - seen["ECE"]
    if gap > TOL:
        text += (f"On the unseen family its ECE is {unseen['ECE']:.3f}, {gap:.3f} higher than "
                 "on its own family: that difference, not the whole ECE, is what the new "
                 "family adds.")
    else:
        text += (f"On the unseen family its ECE is {unseen['ECE']:.3f}, no more than "
                 f"`0.02` above its own family's: this run does not separate a new family's "
                 "effect on calibration from the model's own mis-calibration.")
    return text


def operating_points(t_recall: float, n_recall: int, t_cost: float, n_cost: int,
                     n_real: int) -> str:
    """How many real test faces each threshold flags, and why section 2 counts at the
    recall-0.95 one."""
    text = (f"Of the {n_real} real test faces, the recall-`0.95` threshold ({t_recall:.3f}) "
            f"flags {n_recall}, the least-cost threshold ({t_cost:.3f}) {n_cost}")
    if n_recall > n_cost:
        return text + ": the recall point gives each band more errors to count."
    return text + (": here the cost threshold flags as many, so the choice changes little; "
                   "we keep the recall point, the same operating point as chapters 09 and 10.")


def intervals_apart(tables: Mapping[str, pd.DataFrame]) -> str:
    """Every pair of levels, within one attribute, whose false-positive intervals do not
    overlap (``tables``: attribute -> ``metrics.error_rates_by`` table), or 'none', with how
    many pairs were compared."""
    apart = [f"{column} = {b[column]} more than {column} = {a[column]}"
             for column, table in tables.items()
             for _, a in table.iterrows() for _, b in table.iterrows()
             if a["high"] < b["low"]]
    pairs = sum(len(t) * (len(t) - 1) // 2 for t in tables.values())
    return (f"Pairs of levels compared, over all attributes: {pairs}. Those whose intervals "
            f"do not overlap on this run: {'; '.join(apart) or 'none'}.")
