"""Chapter 11's sentences: what this run's reliability diagram, rescalings, costs, unseen family
and per-band error rates say."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

TOL = 0.02  # a side whose weighted mean gap is within this of 0 counts as on the diagonal


def _mean(gap: float) -> str:
    """The side's mean gap, said to be weighted: averaging the plotted points gives another."""
    return f"mean gap {gap:+.3f}, each bin weighted by its faces"


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
        return f"the {where} lie below the diagonal on average ({_mean(gap)}), {lean}"
    if gap > TOL:
        lean = ("under-confident: those faces are fake more often than their scores say"
                if above else "over-confident that those faces are real")
        return f"the {where} lie above the diagonal on average ({_mean(gap)}), {lean}"
    return f"the {where} lie on the diagonal within `0.02` ({_mean(gap)})"


def _where(low: float, high: float) -> str:
    """A stretch of scores in words."""
    if (low, high) == (0.0, 0.5):
        return "below `0.5`"
    if (low, high) == (0.5, 1.0):
        return "above `0.5`"
    if low == 0.0:
        return f"below {high:.3f}"
    if high == 1.0:
        return f"above {low:.3f}"
    return f"from {low:.3f} to {high:.3f}".replace("0.500", "`0.5`")


def _at(points: list[tuple[float, float]]) -> str:
    """Bins named by their mean scores with their faces (``points``: (mean score, faces)):
    'the bin at 0.85 (28 faces)', 'the bins at 0.55 (8 faces) and 0.65 (5)'."""
    where = [f"{v:.2f} ({n:g}{' faces' if k == 0 else ''})"
             for k, (v, n) in enumerate(points)]
    listed = where[0] if len(where) == 1 else ", ".join(where[:-1]) + " and " + where[-1]
    return f"the bin{'s' if len(where) > 1 else ''} at {listed}"


def _named(bins: pd.DataFrame) -> list[tuple[float, float]]:
    """(mean score, faces) of each bin in a ``reliability_bins`` table."""
    return list(zip(bins["mean_predicted"].tolist(), bins["weight"].round(1).tolist()))


def _moves(regions: list[tuple[float, float, str]], bins: pd.DataFrame) -> str:
    """``regions``: (low, high, "up"/"down") stretches of the score; ``bins``: the validation
    ``reliability_bins`` table. Says, stretch by stretch, whether the move helps, judged bin by
    bin (a bin above the diagonal needs its scores up, one below needs them down), so that no
    stretch is said to need what one of its bins in the figure contradicts. Markdown: one
    nested list item per stretch (a reader gave up on the single 70-word sentence)."""
    parts = []
    for low, high, way in regions:
        inside = bins[(bins["mean_predicted"] >= low) & (bins["mean_predicted"] < high)
                      if high < 1.0 else bins["mean_predicted"] >= low]
        up = _named(inside[inside["gap"] > TOL])
        down = _named(inside[inside["gap"] < -TOL])
        right, wrong = (up, down) if way == "up" else (down, up)
        if inside.empty:
            how = "where no bin lies"
        elif not right and not wrong:
            how = "where the bins were already on the diagonal within `0.02`"
        elif not wrong:
            how = "which they need"
        elif not right:
            how = "the wrong way for them"
        else:
            how = f"right for {_at(right)}, the wrong way for {_at(wrong)}"
        parts.append(f"those {_where(low, high)} {way}, {how}")
    return "".join(f"\n  - {part};" for part in parts[:-1]) + f"\n  - {parts[-1]}."


def side_gaps(bins: pd.DataFrame) -> tuple[float, float]:
    """The mean gap (share of fakes minus mean score) of the bins below and above 0.5, each
    bin weighted by its faces (``bins``: a ``reliability_bins`` table); NaN for a side with
    no bin."""
    upper = bins["mean_predicted"] >= 0.5
    return tuple(
        float((bins["gap"][side] * bins["weight"][side]).sum() / bins["weight"][side].sum())
        if side.any() else math.nan for side in (~upper, upper))


TABLE = "read by the over- and under-confidence table at the start of section 1"


def _in(bins: pd.DataFrame, low: float, high: float) -> pd.DataFrame:
    """The bins whose mean score lies in [low, high) ([low, 1] for the last stretch)."""
    m = bins["mean_predicted"]
    return bins[(m >= low) & (m < high) if high < 1.0 else m >= low]


def _balance(bins: pd.DataFrame, temperature: float, towards: str) -> str:
    """Why a diagram shifted towards one class still gets a temperature that sharpens or
    softens: T trades all bins off in the log loss; count the faces in the bins it moves the
    right way and the wrong way (a bin above the diagonal needs its scores up)."""
    sharpen = temperature < 1
    right = wrong = 0.0
    for low, high, way in ((0.0, 0.5, "down" if sharpen else "up"),
                           (0.5, 1.0, "up" if sharpen else "down")):
        inside = _in(bins, low, high)
        needs_up, needs_down = inside["gap"] > TOL, inside["gap"] < -TOL
        ok, bad = (needs_up, needs_down) if way == "up" else (needs_down, needs_up)
        right += inside.loc[ok, "weight"].sum()
        wrong += inside.loc[bad, "weight"].sum()
    word = "sharpening" if sharpen else "softening"
    text = (f"The two readings do not contradict each other. The shift towards \"{towards}\" "
            f"is each side's average; T is the one scale that lowers the log loss most over "
            f"all faces at once, each face pulling by how much its own loss changes. Under T, "
            f"bins holding {right:g} faces move the right way and bins holding {wrong:g} the "
            "wrong way")
    if right >= wrong:
        text += f": counted bin by bin, the {word} helps more faces than it hurts"
    else:
        text += (f": fewer faces sit in bins it helps, yet the log loss still prefers the "
                 f"{word}, since it weighs a bin by how far its scores sit from `0.5` as well "
                 "as by its faces")
    return text + "; what T leaves is the shift, for an offset (Platt's b) to correct."


def _straddles(bins: pd.DataFrame, cross: float) -> str:
    """A sentence for a bin whose range holds Platt's crossing (its faces move both ways), or
    "" (``bins`` without ``low``/``high`` columns say nothing)."""
    if not {"low", "high"} <= set(bins.columns):
        return ""
    inside = bins[(bins["low"] < cross) & (bins["high"] > cross)]
    if inside.empty:
        return ""
    row = inside.iloc[0]
    return (f" The bin at {row['mean_predicted']:.2f} ({row['low']:.1f} to {row['high']:.1f}) "
            f"straddles the crossing: only its faces above {cross:.3f} move up, those below it "
            "down.")


def diagram_reading(bins: pd.DataFrame, temperature: float, platt_a: float,
                    platt_b: float, history: pd.DataFrame | None = None,
                    cap: int = 0) -> str:
    """Read the validation diagram (``bins``: its ``reliability_bins`` table) by the chapter's
    table, side by side of 0.5 (the bins' weighted mean of share of fakes minus mean score),
    name the pattern (a shift, too spread, too squeezed) and say where the fitted temperature
    and the whole Platt map move each stretch of scores, judged bin by bin; where a shift and
    a temperature away from 1 meet, say how both hold. Markdown: a list per side, the
    pattern, a list per rescaling, the balance. ``history`` and ``cap``: Model 1's epoch log
    and the profile's epochs; a sharpening T from a model still improving at the cap is
    hedged (an under-trained model squeezes its scores, as the family model's reading says)."""
    lo, hi = side_gaps(bins)
    text = (f"On validation, {TABLE}:\n\n- {_side(lo, False)};\n"
            f"- {_side(hi, True)}.\n\n")
    towards = None
    if lo < -TOL and hi < -TOL:
        towards = "fake"
        text += ("Both sides too high: the scores are shifted towards \"fake\" (under-confident "
                 "below `0.5`, over-confident above), which only an offset can correct.\n\n")
    elif lo > TOL and hi > TOL:
        towards = "real"
        text += ("Both sides too low: the scores are shifted towards \"real\" (over-confident "
                 "below `0.5`, under-confident above), which only an offset can correct.\n\n")
    elif lo > TOL and hi < -TOL:
        text += ("Both sides too far from `0.5`: the curve is flatter than the diagonal, "
                 "which a temperature above 1 softens.\n\n")
    elif lo < -TOL and hi > TOL:
        text += ("Both sides too close to `0.5`: the curve is steeper than the diagonal, "
                 "which a temperature below 1 sharpens.\n\n")
    moves_t = abs(temperature - 1) > 0.05
    if not moves_t:
        text += f"- Temperature: the fitted T = {temperature:.3f} barely moves any score.\n"
    else:
        sharpen = temperature < 1
        regions = [(0.0, 0.5, "down" if sharpen else "up"),
                   (0.5, 1.0, "up" if sharpen else "down")]
        guo = ("below 1, so on balance the log loss wants sharper scores: the opposite of the "
               "over-confidence Guo et al. (2017) found in large modern networks" if sharpen
               else "above 1, so on balance the log loss wants softer scores: the "
               "over-confidence Guo et al. (2017) found in large modern networks")
        text += (f"- Temperature: the fitted T = {temperature:.3f} is {guo}. It moves:"
                 f"{_moves(regions, bins)}\n")
    from dfkit.evaluation.calibration import platt_crossing

    cross = platt_crossing(platt_a, platt_b)
    text += f"- Platt: a = {platt_a:.3f}, b = {platt_b:.3f}. "
    if math.isnan(cross):
        way = "up" if platt_b > 0 else "down"
        if abs(platt_b) <= 0.05:
            text += "The map moves the scores hardly at all."
        else:
            both = _moves([(0.0, 0.5, way), (0.5, 1.0, way)], bins)
            text += f"The map moves every score {way}:{both}"
    else:
        low_way, high_way = ("down", "up") if platt_a > 1 else ("up", "down")
        edges = sorted({0.0, 0.5, round(cross, 3), 1.0})
        regions = [(a, b, low_way if (a + b) / 2 < cross else high_way)
                   for a, b in zip(edges, edges[1:]) if b - a > 1e-9]
        text += (f"Its crossing is {cross:.3f} (the score the map leaves unchanged, where "
                 f"the map crosses its identity line).{_straddles(bins, cross)} It moves:"
                 f"{_moves(regions, bins)}")
    if towards and moves_t:
        text += "\n\n" + _balance(bins, temperature, towards)
    improving, state = training_state(history, cap, who="Model 1")
    if moves_t and temperature < 1 and improving:
        text += (f"\n\n{state} An under-trained model squeezes its scores together, as the "
                 "family model's reading below says too, so this T below 1 may come from "
                 f"training stopped at {cap} epochs as much as from the model itself: one run "
                 "cannot tell.")
    return text


CANDIDATES = ("raw", "temperature", "Platt")  # a tie goes to the one with fewer parameters
NAMES = {"raw": "the raw scores, no rescaling", "temperature": "temperature scaling",
         "Platt": "Platt scaling"}


def chosen_rescaling(val_loss: Mapping[str, float]) -> str:
    """The candidate with the lowest validation log loss (the fits scored out of fold; raw
    needs no fit); a tie at three decimals goes to the one with fewer parameters (raw, then
    the temperature). Without a ``raw`` entry, only the two rescalings compete."""
    names = [name for name in CANDIDATES if name in val_loss]
    best = min(float(f"{val_loss[name]:.3f}") for name in names)
    return next(name for name in names if float(f"{val_loss[name]:.3f}") == best)


def rescaling_choice(val_loss: Mapping[str, float], test: pd.DataFrame) -> str:
    """Which candidate (raw, temperature, Platt) validation chose and why, then its test
    numbers, said once, and whether test would have chosen another (``test``: rows
    raw/temperature/Platt, columns ``test ECE`` and ``test log loss``)."""
    chosen = chosen_rescaling(val_loss)
    others = [name for name in CANDIDATES if name != chosen]
    tie = any(f"{val_loss[o]:.3f}" == f"{val_loss[chosen]:.3f}" for o in others)
    why = ("a tie at three decimals, so the one with fewer parameters" if tie else
           "the lowest")
    against = ", ".join(f"{val_loss[o]:.3f} for {o}" for o in others)
    text = (f"Chosen on validation among raw, temperature and Platt: {NAMES[chosen]}, "
            f"{why} validation log loss ({val_loss[chosen]:.3f} against {against}; the "
            "rescalings scored out of fold, the raw scores need no fit). ")
    if chosen == "raw":
        text += ("Neither rescaling beats the raw scores where the choice is made, so the "
                 "chapter keeps them. ")
    else:
        text += ("A rescaling is kept only because it won on validation, however small its "
                 "lead: test cannot make the choice. ")
    text += (f"On test, measured once: ECE {test.loc[chosen, 'test ECE']:.3f} and log loss "
             f"{test.loc[chosen, 'test log loss']:.3f}")
    text += ("." if chosen == "raw" else f" (raw scores {test.loc['raw', 'test ECE']:.3f} and "
             f"{test.loc['raw', 'test log loss']:.3f}).")
    best_test = min(others, key=lambda o: test.loc[o, "test log loss"])
    if test.loc[best_test, "test log loss"] < test.loc[chosen, "test log loss"]:
        text += (f" Test would have preferred {NAMES[best_test]} (log loss "
                 f"{test.loc[best_test, 'test log loss']:.3f}); we keep the validation choice, "
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


def cost_winner(costs: pd.DataFrame, gap: tuple[float, float, float],
                one_false_alarm: float, one_miss: float) -> str:
    """Which threshold cost least on test, and whether this run can tell (``costs``: rows
    'Bayes rule on rescaled scores', 'searched on validation (ch. 10)', 'flag nothing'; columns
    ``cost/1k``, ``fakes caught`` and ``false alarms``; ``gap``: formula minus search per 1,000 faces with
    its 95% interval, resampling groups; ``one_*``: what one more false alarm or one more miss
    on these test faces adds per 1,000)."""
    bayes, search, nothing = (costs.iloc[i] for i in range(3))
    b, s, n = bayes["cost/1k"], search["cost/1k"], nothing["cost/1k"]
    if f"{b:.1f}" == f"{s:.1f}":
        text = f"Here the formula and the search cost the same on test ({b:.1f} per 1,000 faces)"
    else:
        win = "the formula" if b < s else "the search"
        text = (f"Here {win} costs less on test: {min(b, s):.1f} per 1,000 faces against "
                f"{max(b, s):.1f}")
    text += f"; flagging nothing costs {n:.1f}."
    if bayes["fakes caught"] + bayes["false alarms"] == 0:
        text += " The formula's threshold flags no test face, so it costs what flagging nothing costs."
    elif min(b, s) >= n:
        text += " Neither threshold beats flagging nothing on test."
    diff, low, high = gap
    size = abs(diff)
    unit = (f"on these test faces one more false alarm adds {one_false_alarm:.2f} per 1,000 "
            f"and one more miss {one_miss:.2f}")
    if size < min(one_false_alarm, one_miss) / 2:
        text += f" The gap, {size:.1f} per 1,000, is smaller than any one face ({unit})."
    else:
        than = ("less than one false alarm" if size < one_false_alarm else
                "more than one false alarm")
        text += f" The gap, {size:.1f} per 1,000, is {than}: {unit}."
    if low <= 0 <= high:
        text += (f" Formula minus search, 95% interval resampling identity groups: {low:+.1f} to "
                 f"{high:+.1f} per 1,000, which holds 0: this run cannot tell the two "
                 "thresholds apart.")
    else:
        cheaper = "formula" if high < 0 else "search"
        text += (f" Formula minus search, 95% interval resampling identity groups: {low:+.1f} to "
                 f"{high:+.1f} per 1,000, clear of 0: on these test faces the {cheaper} is "
                 "cheaper, on one split of one run.")
    return text


def family_reading(families: pd.DataFrame, chosen: str, shares: tuple[float, float],
                   n_real: int, rise: tuple[float, float]) -> str:
    """The unseen family against the family model's own seen-family calibration, one list row
    per table row (``families``: rows seen then unseen, columns ``fakes``, ``ECE``,
    ``ROC-AUC``, ``Model 1 ECE``); ``chosen``: the candidate the family model's validation
    chose; ``shares``: the share of fakes of Model 1's validation split and of the family
    model's, from the first to the second of which Model 1's scores were moved for ``Model 1
    ECE`` (on the same faces); ``n_real``: the real test faces in each row; ``rise``: the 95%
    interval of unseen minus seen ECE, resampling identity groups."""
    seen, unseen = families.iloc[0], families.iloc[1]
    diff = seen["ECE"] - seen["Model 1 ECE"]
    versus = ("higher than" if diff > TOL else "lower than" if diff < -TOL else
              "within `0.02` of")
    model1_share, family_share = shares
    rows = [(int(f), int(f) + n_real) for f in families["fakes"]]
    if all(f"{f / n:.2f}" == f"{family_share:.2f}" for f, n in rows):
        test_share = f"the share each row's test faces hold too, {rows[0][0]} of {rows[0][1]}"
    else:
        test_share = ("while the rows' test faces hold "
                      + " and ".join(f"{f / n:.2f}" for f, n in rows))
    text = (f"The family model's scores, chosen on its own validation split as Model 1's "
            f"were (the rescalings scored out of fold): {NAMES[chosen]}.\n\n"
            f"- **{families.index[0]}** row: the family model's ECE, {seen['ECE']:.3f}, is "
            f"{versus} Model 1's {seen['Model 1 ECE']:.3f} on the same faces. That is how well "
            "the family model is calibrated on the family it knows: the baseline for the next "
            f"row. (`Model 1 ECE`: Model 1 saw both families. Its scores were chosen on its own "
            f"validation split, where {model1_share:.2f} of the faces were fake, and assume that "
            f"share; the prior shift moved them to the family model's validation share, "
            f"{family_share:.2f}, {test_share}.)\n")
    gap = unseen["ECE"] - seen["ECE"]
    low, high = rise
    interval = (f"95% interval, resampling identity groups: {low:+.3f} to {high:+.3f}")
    text += f"- **{families.index[1]}** row: "
    if gap > TOL:
        text += f"its ECE rises by {gap:+.3f} ({interval}"
        text += ("; clear of 0: that rise, not the whole ECE, is what the new family adds on "
                 "this run)." if low > 0 else
                 "; it holds 0: on this run's few fakes the rise could be chance).")
    else:
        text += (f"its ECE is no more than `0.02` above the seen family's ({gap:+.3f}; "
                 f"{interval}): this run does not separate a new family's effect on "
                 "calibration from the model's own mis-calibration.")
    drop = seen["ROC-AUC"] - unseen["ROC-AUC"]
    if drop > TOL:
        text += (f" Its ROC-AUC falls from {seen['ROC-AUC']:.3f} to "
                 f"{unseen['ROC-AUC']:.3f}: it ranks the new fakes worse among the real faces, "
                 "a loss of detection, separate from what its scores claim, that no rescaling "
                 "repairs.")
    return text


def training_state(history: pd.DataFrame | None, cap: int,
                   who: str = "The family model") -> tuple[bool | None, str]:
    """Whether a model trained with early stopping on validation AUC was still improving when
    training stopped (``history``: its per-epoch table, columns ``val_auc`` and ``val_loss``;
    ``cap``: the profile's epochs), and that in a sentence. Still improving: it ran to the cap
    and its best validation AUC, the epoch kept, was the last. (None, "") without a history
    (a model loaded from dfkit's cache keeps one; a bare model does not)."""
    if history is None or len(history) == 0 or "val_auc" not in history:
        return None, ""
    auc, n = history["val_auc"].to_numpy(), len(history)
    best = int(np.argmax(auc)) + 1  # the epoch early stopping keeps (its first maximum)
    if n >= cap and best == n:
        text = (f"{who} was still improving when training stopped: it ran to the "
                f"profile's cap of {cap} epochs, and its validation AUC was best at the last "
                f"one ({auc[0]:.3f} after epoch 1, {auc[-1]:.3f} after epoch {n})")
        if "val_loss" in history:
            loss = history["val_loss"].to_numpy()
            falling = int(np.argmin(loss)) + 1 == n
            text += (f", with its validation loss still falling ({loss[0]:.3f} to "
                     f"{loss[-1]:.3f})" if falling else
                     f", though its validation loss was lowest at epoch "
                     f"{int(np.argmin(loss)) + 1}")
        return True, text + "."
    why = "reached the cap" if n >= cap else "stopped early"
    return False, (f"{who} {why} after {n} epochs and kept epoch {best}, its best "
                   "validation AUC: it had stopped improving on validation.")


def family_shape(bins: pd.DataFrame, highest: float, chosen: str,
                 val_loss: Mapping[str, float], val_bins: pd.DataFrame,
                 aucs: tuple[float, float], history: pd.DataFrame | None = None,
                 cap: int = 0) -> str:
    """The seen family's test diagram read by the chapter's table (``bins``: its
    ``reliability_bins`` table; ``highest``: the highest chosen score on those faces), and,
    where it shows a shift that the chosen candidate does not correct (raw or a temperature),
    why the choice stands: it was made on validation (``val_loss``: the family model's
    validation log losses, the fits out of fold; ``val_bins``: the raw scores' diagram
    there), which did or did not show the shift; ``aucs``: its exact ROC-AUC on validation
    and on the seen family's test faces; ``history`` and ``cap``: its training, to say
    whether it was still improving when it stopped (an under-trained model squeezes its
    scores too, which hedges the reading of the shift)."""
    lo, hi = side_gaps(bins)
    if math.isnan(lo) or math.isnan(hi) or not (
            (lo > TOL and hi > TOL) or (lo < -TOL and hi < -TOL)):
        return ""
    improving, state = training_state(history, cap)
    squeezed = (f"An under-trained model squeezes its scores together (on test none above "
                f"{highest:.2f}), and a squeezed curve can fall differently against the "
                "diagonal on two small splits: the shift on test may come from that as much "
                "as from a difference between the splits (validation and test hold different "
                "people, few of each). One run cannot tell which, and no choice made on "
                "validation could have foreseen it.")
    towards, where = ("real", "above") if lo > 0 else ("fake", "below")
    text = (f"{TABLE[0].upper()}{TABLE[1:]}, the seen family's test curve lies {where} the "
            f"diagonal on both sides of `0.5` (mean gaps {lo:+.3f} and {hi:+.3f}, each bin "
            f"weighted by its faces), and no face, real or fake, scores above "
            f"{highest:.2f}: the scores are shifted towards \"{towards}\", which only an "
            "offset (Platt's b) can correct. ")
    if chosen == "Platt":
        text += "Platt's offset, fitted on validation, did not remove the shift on test."
        return text + (f"\n\n{state} {squeezed}" if improving else "")
    kept = "The temperature was" if chosen == "temperature" else "The raw scores were"
    others = " and ".join(f"{val_loss[o]:.3f} for {o}" for o in CANDIDATES if o != chosen)
    text += (f"{kept} kept because {'it' if chosen == 'temperature' else 'they'} won where "
             f"the choice is made, on the family model's validation split (log loss "
             f"{val_loss[chosen]:.3f} against {others}); switching now would choose on "
             "test. ")
    v_lo, v_hi = side_gaps(val_bins)
    if all(not math.isnan(g) and (g > TOL if lo > 0 else g < -TOL) for g in (v_lo, v_hi)):
        text += (f"Validation showed the shift too (mean gaps {v_lo:+.3f} and {v_hi:+.3f} for "
                 "the raw scores there), but Platt's offset, fitted on part of it and scored "
                 "on the rest, did not lower its log loss there: on so few faces, an offset "
                 "fitted on some of them did not carry over to the others.")
        return text + (f"\n\n{state} {squeezed}" if improving else "")

    def lay(gap: float) -> str:
        return ("filled no bin" if math.isnan(gap) else
                f"lay on the diagonal (mean gap {gap:+.3f})" if abs(gap) <= TOL else
                f"lay {'above' if gap > 0 else 'below'} it (mean gap {gap:+.3f})")
    val_auc, test_auc = aucs
    keras = ""
    if history is not None and "val_auc" in history and len(history):
        keras = (f"; the epoch log's `auc`, {history['val_auc'].max():.3f}, is Keras's "
                 "approximation of it")
    text += (f"Validation did not show that shift: there the raw scores below `0.5` "
             f"{lay(v_lo)} and those above `0.5` {lay(v_hi)}, not the whole curve on one "
             f"side. Its ROC-AUC was {val_auc:.3f} there (computed exactly{keras}) against "
             f"{test_auc:.3f} on test.")
    if improving:
        return text + f"\n\n{state} {squeezed}"
    return text + ((f"\n\n{state} " if state else " ") +
                   "Validation and test hold different people, few of each: the shift is a "
                   "difference between the two splits, which no choice made on validation can "
                   "foresee, and one run cannot tell whether it would recur.")


def operating_points(t_recall: float, n_recall: int, t_cost: float, n_cost: int,
                     n_real: int) -> str:
    """How many real test faces each threshold flags, and why section 2 counts at the
    recall-0.95 one although a deployment would use the least-cost one."""
    text = (f"Of the {n_real} real test faces, the recall-`0.95` threshold ({t_recall:.3f}) "
            f"flags {n_recall}; chapter 10's least-cost threshold ({t_cost:.3f}, searched on "
            f"validation), where a deployment at 1 fake in 100 would sit, flags {n_cost}. ")
    if n_recall > n_cost:
        return text + (f"Section 2 counts at the recall point for counting's sake: each band's "
                       f"rate rests on more errors ({n_recall} in all against {n_cost}). At "
                       "the least-cost threshold the per-band rates would rest on fewer "
                       "errors and be noisier; a deployment there needs them counted there.")
    return text + ("Here the least-cost threshold flags as many, so the choice changes "
                   "little; section 2 keeps the recall point, the operating point of "
                   "chapters 09 and 10.")


P_APART = 0.0056  # two independent 95% intervals of equal width miss each other by chance


def intervals_apart(tables: Mapping[str, pd.DataFrame]) -> str:
    """Every pair of levels, within one attribute, whose false-positive intervals do not
    overlap (``tables``: attribute -> ``metrics.error_rates_by`` table), or 'none', with how
    many pairs were compared and how to read it: non-overlap is a strict test (about
    ``P_APART`` per pair with no difference, for independent intervals of equal width), so
    over the pairs a chance hit is unlikely but possible, and overlap hides real
    differences."""
    apart = [f"{column} = {b[column]} more than {column} = {a[column]}"
             for column, table in tables.items()
             for _, a in table.iterrows() for _, b in table.iterrows()
             if a["high"] < b["low"]]
    pairs = sum(len(t) * (len(t) - 1) // 2 for t in tables.values())
    chance = 1 - (1 - P_APART) ** pairs
    text = (f"Pairs of levels compared, over all attributes: {pairs}. Those whose intervals "
            f"do not overlap on this run: {'; '.join(apart) or 'none'}. ")
    strict = ("Non-overlap is a strict test: with no difference, two independent 95% "
              f"intervals of equal width miss each other about {P_APART:.1%} of the time, so over "
              f"{pairs} pairs about {chance:.0%} of runs would show a pair apart by chance")
    if apart:
        return text + (f"{strict}: a pair apart is unlikely to be chance alone, though the "
                       "bands share identity groups, so the figure is rough, and it is one "
                       "split of one model. The same strictness hides differences: "
                       "overlapping intervals do not show that there is none.")
    return text + (f"{strict}. That strictness cuts both ways: overlapping intervals do not "
                   "show that there is no difference, only that this run cannot show one.")


def clustering(per_group: pd.DataFrame, by_groups: tuple[float, float],
               by_faces: tuple[float, float]) -> str:
    """Whether this run's flags cluster by identity group (``per_group``: one row per group,
    ``mean`` its share of real faces flagged and ``size`` its real faces): the groups with no
    face flagged, and with every face flagged, against what flags falling on faces
    independently at the overall rate would give (a group of n faces has none flagged with
    probability (1 - rate)^n), more than two standard deviations apart counting as a
    difference; then the interval resampling groups (``by_groups``) against the face-level
    Wilson interval (``by_faces``), which treats every face as independent."""
    sizes, share = per_group["size"].to_numpy(float), per_group["mean"].to_numpy(float)
    rate = float((share * sizes).sum() / sizes.sum())
    counts = []
    for seen, chance in (((share == 0).sum(), (1 - rate) ** sizes),
                         ((share == 1).sum(), rate ** sizes)):
        counts.append((int(seen), float(chance.sum()),
                       float(np.sqrt((chance * (1 - chance)).sum()))))
    (none, e_none, sd_none), (every, e_every, sd_every) = counts
    text = (f"If flags fell on faces independently, at this run's rate of {rate:.3f}, about "
            f"{e_none:.1f} of the {len(sizes)} groups would have no real face flagged and "
            f"{e_every:.1f} every one; this run has {none} and {every}. ")
    # a single group with every face flagged is a fluke more often than a pattern
    more = none > e_none + 2 * sd_none or (every >= 2 and every > e_every + 2 * sd_every)
    fewer = none < e_none - 2 * sd_none
    (g_low, g_high), (f_low, f_high) = by_groups, by_faces
    ratio = (g_high - g_low) / (f_high - f_low) if f_high > f_low else math.inf
    width = ("close to" if 0.8 <= ratio <= 1.25 else "wider than" if ratio > 1.25 else
             "narrower than")
    compare = (f"the interval resampling groups ({g_low:.3f} to {g_high:.3f}) is {width} the "
               f"face-level Wilson interval, which counts every face as independent "
               f"({f_low:.3f} to {f_high:.3f})")
    if more:
        return text + (f"More than chance would give: on this run flags cluster by person, "
                       f"and {compare}.")
    if fewer:
        return text + (f"Fewer groups go unflagged than chance would leave: the flags are "
                       f"spread over people more evenly than independent flags, and {compare}.")
    return text + (f"About what independent flags would give: this run shows no sign of "
                   f"clustering by person, and {compare}. Resampling groups costs little where "
                   "faces behave independently and guards where they do not.")


def ece_yardstick(floor: np.ndarray, n_faces: int, chosen: str, ece: float,
                  raw_ece: float) -> str:
    """The test ECE read against what perfectly calibrated scores give at this sample size
    (``floor``: the ECEs of the chosen scores against labels drawn from those scores
    themselves, one per repetition; ``n_faces``: the test faces; ``ece`` and ``raw_ece``: the
    chosen and the raw scores' test ECE)."""
    mean, high = float(np.mean(floor)), float(np.percentile(floor, 95))
    text = (f"Scores that are calibrated by construction, spread as the chosen ones are, show an "
            f"ECE of {mean:.3f} on average on {n_faces} faces, and above {high:.3f} in only 5% "
            f"of {len(floor)} draws: that is the floor every ECE on this split stands on. ")
    name = "the raw scores" if chosen == "raw" else f"the {chosen}-rescaled scores"
    if ece <= high:
        text += (f"The test ECE of {name}, {ece:.3f}, is within what calibrated scores show: "
                 f"as calibrated as {n_faces} faces can tell")
    else:
        text += (f"The test ECE of {name}, {ece:.3f}, is above what calibrated scores show in "
                 "95% of draws: some mis-calibration is left, though only the part above the "
                 "floor is more than noise")
    if chosen != "raw":
        side = "above" if raw_ece > high else "within"
        text += f"; the raw scores' {raw_ece:.3f} is {side} it"
    return text + (". A smaller split has a higher floor: read every ECE against the floor at "
                   "its own size, never against 0.")


def rescaling_interval(chosen: str, ece: tuple[float, float, float],
                       loss: tuple[float, float, float]) -> str:
    """Whether the chosen rescaling's gain over the raw scores on test holds (``ece`` and
    ``loss``: chosen minus raw on test, with its 95% interval resampling identity groups)."""
    if chosen == "raw":
        return ""
    parts = []
    for what, (diff, low, high) in (("ECE", ece), ("log loss", loss)):
        verdict = ("clear of 0" if high < 0 or low > 0 else "which holds 0")
        parts.append(f"{what} {diff:+.3f} ({low:+.3f} to {high:+.3f}, {verdict})")
    text = (f"{NAMES[chosen][0].upper()}{NAMES[chosen][1:]} minus the raw scores on test, 95% "
            f"interval resampling identity groups: {parts[0]}; {parts[1]}. ")
    helps = [d for d, lo, hi in (ece, loss) if hi < 0]
    if len(helps) == 2:
        return text + "On this split the rescaling helps by both measures, beyond the noise."
    if helps:
        return text + ("Only one of the two gains clears the noise on this split: call the "
                       "rescaling a likely help, not a sure one.")
    return text + ("Neither gain clears the noise: on these test faces the rescaling's help is "
                   "within what resampling the people moves, so one run cannot say it helps.")
