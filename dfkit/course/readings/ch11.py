"""Chapter 11's sentences: what this run's reliability diagram, rescalings, costs, unseen family
and per-band error rates say."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from dfkit.course.readings.words import listing

TOL = 0.02  # a side whose weighted mean gap is within this of 0 counts as on the diagonal


def _mean(gap: float) -> str:
    """The side's mean gap, said to be weighted: averaging the plotted points gives another."""
    return f"mean gap {gap:+.3f}, each bin weighted by its faces"


def _side(gap: float, above: bool, interval: tuple[float, float] | None = None) -> str:
    """Where one side of 0.5 lies, by the diagram rule (above 0.5, below the diagonal is
    over-confident that faces are fake; below 0.5, above the diagonal is over-confident that
    they are real); with ``interval`` (the mean gap's 95% interval resampling identity groups),
    a side whose interval holds 0 is within noise."""
    where = "scores above `0.5`" if above else "scores below `0.5`"
    if math.isnan(gap):
        return f"the {where} fill no bin"
    said = _mean(gap) + (f", 95% interval {interval[0]:+.3f} to {interval[1]:+.3f}"
                         if interval is not None else "")
    sign = _sign(gap, interval)
    if sign == 0 and abs(gap) > TOL:  # an interval that holds 0
        return f"the {where} lie within noise of the diagonal ({said})"
    if sign < 0:
        lean = ("over-confident that those faces are fake" if above else
                "under-confident: those faces are real more often than their scores say")
        return f"the {where} lie below the diagonal on average ({said}), {lean}"
    if sign > 0:
        lean = ("under-confident: those faces are fake more often than their scores say"
                if above else "over-confident that those faces are real")
        return f"the {where} lie above the diagonal on average ({said}), {lean}"
    return f"the {where} lie on the diagonal within `0.02` ({said})"


def _sign(gap: float, interval: tuple[float, float] | None = None) -> int:
    """-1 below the diagonal, +1 above, 0 on it: within ``TOL`` of 0, or, with ``interval``
    (95%, resampling identity groups), an interval that holds 0 (NaN: 0)."""
    if math.isnan(gap) or abs(gap) <= TOL:
        return 0
    if interval is not None and interval[0] <= 0 <= interval[1]:
        return 0
    return -1 if gap < 0 else 1


def side_gaps(bins: pd.DataFrame) -> tuple[float, float]:
    """The mean gap (share of fakes minus mean score) of the bins below and above 0.5, each
    bin weighted by its faces (``bins``: a ``reliability_bins`` table); NaN for a side with
    no bin."""
    upper = bins["mean_predicted"] >= 0.5
    return tuple(
        float((bins["gap"][side] * bins["weight"][side]).sum() / bins["weight"][side].sum())
        if side.any() else math.nan for side in (~upper, upper))


TABLE = "read by the over- and under-confidence table at the start of section 1"


def point_pattern(lo: float, hi: float) -> str | None:
    """The pattern the two sides' point estimates make by the chapter's table (``lo`` and
    ``hi``: the mean gaps below and above 0.5, ``side_gaps``), each side counted only beyond
    ``TOL``: "fake" (both below the diagonal: a shift towards fake), "real" (both above),
    "steeper" (below the diagonal under 0.5, above it over 0.5), "flatter" (the reverse);
    None when a side is within ``TOL`` of 0 or has no bin. The diagram's reading and the
    validation floor's both use it (a reader found the floor's reading call a curve steeper
    from the fitted maps alone, against both gaps below the diagonal)."""
    if math.isnan(lo) or math.isnan(hi) or abs(lo) <= TOL or abs(hi) <= TOL:
        return None
    if (lo < 0) == (hi < 0):
        return "fake" if lo < 0 else "real"
    return "steeper" if lo < 0 else "flatter"


POINTS = {  # what each pattern of the point estimates is, and what corrects it
    "fake": "Both point estimates lie below the diagonal, the pattern of a shift towards "
            "\"fake\" that an offset corrects",
    "real": "Both point estimates lie above the diagonal, the pattern of a shift towards "
            "\"real\" that an offset corrects",
    "steeper": "The point estimates lie below the diagonal under `0.5` and above it over "
               "`0.5`, the pattern of a curve steeper than the diagonal that a sharpening "
               "map corrects",
    "flatter": "The point estimates lie above the diagonal under `0.5` and below it over "
               "`0.5`, the pattern of a curve flatter than the diagonal that a softening "
               "map corrects",
}


def cap_note(history: pd.DataFrame | None, cap: int, who: str) -> str:
    """One sentence when a model ran to the profile's epoch cap still improving (its best
    validation AUC at the last epoch), with its validation loss from the first epoch to the
    last; "" otherwise (``history``: its per-epoch table; ``cap``: the profile's epochs)."""
    improving, _ = training_state(history, cap, who=who)
    if not improving:
        return ""
    text = f"{who} ran to the profile's cap of {cap} epochs still improving on validation"
    if "val_loss" in history:
        loss = history["val_loss"].to_numpy()
        text += f" (validation loss {loss[0]:.3f} after epoch 1, {loss[-1]:.3f} after the last)"
    return text


def diagram_reading(bins: pd.DataFrame, temperature: float, platt_a: float,
                    platt_b: float, history: pd.DataFrame | None = None,
                    cap: int = 0,
                    intervals: tuple[tuple[float, float], tuple[float, float]] | None = None
                    ) -> str:
    """Read the validation diagram (``bins``: its ``reliability_bins`` table) by the chapter's
    table, conclusion first: the two sides of 0.5 (the bins' weighted mean of share of fakes
    minus mean score) and the pattern they make (a shift, too flat, too steep), then what the
    fitted temperature and Platt map do, then that one bin of a handful of faces is no
    evidence. ``history`` and ``cap``: Model 1's epoch log and the profile's epochs; a
    sharpening T from a model still improving at the cap is hedged in one sentence (a reader
    found the bin-by-bin lists, 350 words, read the noise the chapter had just warned of).
    ``intervals``: each side's mean gap with its 95% interval resampling identity groups
    (below, above); a side whose interval holds 0 counts as within noise, not as a lean (a
    reader found a shift diagnosed from a gap of about one standard error)."""
    from dfkit.evaluation.calibration import platt_crossing

    lo, hi = side_gaps(bins)
    if intervals is None:
        gaps = (f"mean gaps {lo:+.3f} below `0.5` and {hi:+.3f} above, each bin weighted by "
                "its faces")
    else:
        (lo_low, lo_high), (hi_low, hi_high) = intervals
        gaps = (f"mean gaps {lo:+.3f} below `0.5` ({lo_low:+.3f} to {lo_high:+.3f}) and "
                f"{hi:+.3f} above ({hi_low:+.3f} to {hi_high:+.3f}), each bin weighted by its "
                "faces; 95% intervals resampling identity groups")
    pair = (None, None) if intervals is None else tuple(intervals)
    low_side, high_side = (_sign(g, i) for g, i in zip((lo, hi), pair))
    towards = None
    if low_side < 0 and high_side < 0:
        towards = "fake"
        text = (f"On validation both sides of `0.5` lie below the diagonal ({gaps}): the "
                "scores are shifted towards \"fake\" (under-confident below `0.5`, "
                "over-confident above), which needs an offset, not a temperature.")
    elif low_side > 0 and high_side > 0:
        towards = "real"
        text = (f"On validation both sides of `0.5` lie above the diagonal ({gaps}): the "
                "scores are shifted towards \"real\" (over-confident below `0.5`, "
                "under-confident above), which needs an offset, not a temperature.")
    elif low_side > 0 and high_side < 0:
        text = (f"On validation both sides lie too far from `0.5` ({gaps}): the curve is "
                "flatter than the diagonal, over-confident on both sides, which a temperature "
                "above 1 softens.")
    elif low_side < 0 and high_side > 0:
        text = (f"On validation both sides lie too close to `0.5` ({gaps}): the curve is "
                "steeper than the diagonal, under-confident on both sides, which a "
                "temperature below 1 sharpens.")
    else:
        # name the case that occurred (a reader could not tell which of two it was)
        off = sum(s != 0 for s in (low_side, high_side))
        case = ("neither side is off the diagonal by more than chance" if off == 0 else
                "only one side is off the diagonal by more than chance")
        # the verdict in one sentence, each side in a bullet of its own (a reader lost the
        # verdict in 160 words)
        sides = "".join(f"\n- {t[0].upper()}{t[1:]}." for t in (
            _side(lo, False, pair[0]), _side(hi, True, pair[1])))
        text = (f"On validation the diagram shows no clear lean of the model as a whole: "
                f"{case}, {TABLE}:\n{sides}\n")
        pattern = point_pattern(lo, hi)
        if pattern:
            # the point estimates' pattern, by the rule the validation floor's reading uses
            # too (a reader found "no lean" three cells before Platt's offset won)
            alone = ("neither is" if off == 0 else
                     f"only the side {'below' if low_side else 'above'} `0.5` is")
            fix = ("Platt's offset" if pattern in ("fake", "real") else "a rescaling")
            text += (f"\n{POINTS[pattern]}; {alone} clear of noise on its own, and whether "
                     f"{fix} helps is decided out of fold below.")
    if abs(temperature - 1) <= 0.05:
        fits = f"The fitted T = {temperature:.3f} barely moves any score"
    elif temperature < 1:
        fits = (f"The fitted T = {temperature:.3f} sharpens (below 1, unlike the "
                "over-confidence Guo et al. 2017 found in large networks)")
    else:
        fits = (f"The fitted T = {temperature:.3f} softens (above 1, as for the "
                "over-confidence Guo et al. 2017 found in large networks)")
    if towards and abs(temperature - 1) > 0.05:
        fits += " and moves the two sides opposite ways, so it cannot undo the shift"
    cross = platt_crossing(platt_a, platt_b)
    platt = f"Platt's map (a = {platt_a:.3f}, b = {platt_b:.3f})"
    if not math.isnan(cross):
        low_way, high_way = ("lowers", "raises") if platt_a > 1 else ("raises", "lowers")
        platt += (f" leaves {cross:.3f} unchanged, {low_way} the scores below it and "
                  f"{high_way} those above")
    elif abs(platt_b) <= 0.05:
        platt += " moves the scores hardly at all"
    else:
        platt += f" moves every score {'up' if platt_b > 0 else 'down'}"
    evidence = ("the two mean gaps are" if intervals is None else
                "the two mean gaps, read with their intervals, are")
    # the fitted maps in a paragraph of their own: the verdict stays short (a reader lost
    # it in 160 words)
    text += (f"\n\n{fits}; {platt}. One bin of a handful of faces can sit off the diagonal by "
             f"chance: its direction is no evidence, {evidence}.")
    note = cap_note(history, cap, "Model 1")
    if note and temperature < 1 - 0.05:
        text += f"\n\n{note}: one run cannot tell whether T below 1 comes from that."
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
    diff, low, high = gap
    interval = (f"formula minus search, 95% interval resampling identity groups: {low:+.1f} "
                f"to {high:+.1f} per 1,000")
    # the verdict first, then the point estimates (a reader kept only a leading "winner")
    if low <= 0 <= high:
        text = (f"On this run the two thresholds cannot be told apart on test ({interval}, "
                "which holds 0)")
    else:
        cheaper = "formula" if high < 0 else "search"
        text = (f"On these test faces the {cheaper} is cheaper, on one split of one run "
                f"({interval}, clear of 0)")
    if f"{b:.1f}" == f"{s:.1f}":
        text += f"; both cost {b:.1f} per 1,000 faces"
    else:
        win = "the formula's" if b < s else "the search's"
        text += (f"; {win} point estimate is the lower, {min(b, s):.1f} per 1,000 faces "
                 f"against {max(b, s):.1f}")
    text += f"; flagging nothing costs {n:.1f}."
    if bayes["fakes caught"] + bayes["false alarms"] == 0:
        text += " The formula's threshold flags no test face, so it costs what flagging nothing costs."
    elif min(b, s) >= n:
        text += " Neither threshold beats flagging nothing on test."
    size = abs(diff)
    unit = (f"on these test faces one more false alarm adds {one_false_alarm:.2f} per 1,000 "
            f"and one more miss {one_miss:.2f}")
    if size < min(one_false_alarm, one_miss) / 2:
        text += f" The gap, {size:.1f} per 1,000, is smaller than any one face ({unit})."
    else:
        than = ("less than one false alarm" if size < one_false_alarm else
                "more than one false alarm")
        text += f" The gap, {size:.1f} per 1,000, is {than}: {unit}."
    return text


def _apart(low: float, high: float) -> bool:
    return low > 0 or high < 0


LOSS = ("the lower ROC-AUC is a loss of detection, not of calibration, that no rescaling "
        "repairs")


def family_reading(families: pd.DataFrame, chosen: str, shares: tuple[float, float],
                   n_real: int, rise: tuple[float, float],
                   drop: tuple[float, float] | None = None,
                   baseline: tuple[float, float] | None = None,
                   shift: tuple[float, float] | None = None) -> str:
    """The unseen family against the family model's own seen-family calibration, the verdict
    first (``families``: rows seen then unseen, columns ``fakes``, ``ECE``, ``ROC-AUC``,
    ``Model 1 ECE`` and optionally ``mean P(fake)``): one paragraph on what changes from the
    seen row to the unseen one, each change with its 95% interval resampling identity groups,
    then the baseline (the seen row against Model 1), then which scores were read and the
    shares behind ``Model 1 ECE`` (report_11 finding 4, r20: five dense paragraphs, eleven
    numbers and four intervals in a row, the conclusion last). ``chosen``: the candidate the
    family model's validation chose; ``shares``: the share of fakes of Model 1's validation
    split and of the family model's, from the first to the second of which Model 1's scores
    were moved (on the same faces); ``n_real``: the real test faces in each row; ``rise``:
    the interval of unseen minus seen ECE; ``drop``: the same for seen minus unseen ROC-AUC,
    and ``baseline`` for the family model's minus Model 1's ECE on the seen row (a reader
    found both read as real without one); ``shift``: the same for the never-seen fakes' mean
    P(fake) minus the seen fakes' (q1's quantity), read against q1's band of 0.05."""
    seen, unseen = families.iloc[0], families.iloc[1]
    names = [str(i).split(" (")[0] for i in families.index]  # "gan fakes", ...
    changes, bounds, meaning = [], [], []
    if shift is not None and "mean P(fake)" in families:
        move = unseen["mean P(fake)"] - seen["mean P(fake)"]
        s_low, s_high = shift
        changes.append(f"a {'lower' if move < 0 else 'higher'} mean P(fake) "
                       f"({unseen['mean P(fake)']:.3f} against {seen['mean P(fake)']:.3f})")
        verdict = ("the whole interval lies beyond q1's band of `0.05`" if
                   s_low > 0.05 or s_high < -0.05 else
                   "the whole interval lies within q1's band of `0.05`" if
                   -0.05 <= s_low and s_high <= 0.05 else
                   "the interval reaches across the edge of q1's band of `0.05`, so q1's "
                   "verdict rests on the point estimate")
        # the inner end's distance from the band's edge, when the verdict is one side of
        # it (a reader found -0.053 read as safely beyond -0.05)
        margin = min(abs(abs(s_low) - 0.05), abs(abs(s_high) - 0.05))
        if "whole" in verdict and margin < 0.01:
            verdict += (f", though only {margin:.3f} from its edge: another seed could put it "
                        "across")
        bounds.append(f"mean P(fake) difference {move:+.3f} ({s_low:+.3f} to "
                      f"{s_high:+.3f}): {verdict}")
    gap = unseen["ECE"] - seen["ECE"]
    low, high = rise
    if gap > TOL:
        changes.append(f"a higher ECE ({gap:+.3f})")
        clear = low > 0
        bounds.append(f"ECE rise {low:+.3f} to {high:+.3f}, "
                      f"{'clear of 0' if clear else 'which holds 0'}")
        meaning.append("the new family adds that rise, not the whole ECE" if clear else
                       "the ECE rise could be chance on this run's few fakes")
    else:
        changes.append(f"an ECE no more than `0.02` above the seen family's ({gap:+.3f})")
        bounds.append(f"ECE change {low:+.3f} to {high:+.3f}")
        meaning.append("this run does not separate a new family's effect on calibration from "
                       "the model's own mis-calibration")
    fall = seen["ROC-AUC"] - unseen["ROC-AUC"]
    if fall > TOL:
        changes.append(f"a lower ROC-AUC ({seen['ROC-AUC']:.3f} to {unseen['ROC-AUC']:.3f})")
        if drop is None:
            meaning.append(LOSS)
        else:
            d_low, d_high = drop
            clear = d_low > 0
            bounds.append(f"ROC-AUC fall {d_low:+.3f} to {d_high:+.3f}, "
                          f"{'clear of 0' if clear else 'which holds 0'}")
            meaning.append(LOSS if clear else
                           "the ROC-AUC fall could be chance on this run's few fakes")
    text = (f"Against the {names[0]} it was trained on, the family model gives the never-seen "
            f"{names[1]} {listing(changes)}. The 95% interval{'s' * (len(bounds) > 1)}, "
            "resampling identity groups: "
            f"{'; '.join(bounds)}. So {'; '.join(meaning)}.")
    diff = seen["ECE"] - seen["Model 1 ECE"]
    if baseline is None:
        versus = ("higher than" if diff > TOL else "lower than" if diff < -TOL else
                  "within `0.02` of")
        said = f", {versus} Model 1's {seen['Model 1 ECE']:.3f} on the same faces"
    else:
        b_low, b_high = baseline
        said = (f" against Model 1's {seen['Model 1 ECE']:.3f} on the same faces (difference "
                f"{diff:+.3f}, 95% interval {b_low:+.3f} to {b_high:+.3f}, "
                + ("clear of 0)" if _apart(b_low, b_high) else
                   "which holds 0: about the same on this run)"))
    text += ("\n\nThe baseline is the seen row, how well the family model is calibrated on "
             f"the family it knows: ECE {seen['ECE']:.3f}{said}.")
    model1_share, family_share = shares
    rows = [(int(f), int(f) + n_real) for f in families["fakes"]]
    if all(f"{f / n:.2f}" == f"{family_share:.2f}" for f, n in rows):
        test_share = f"the share each row's test faces hold too, {rows[0][0]} of {rows[0][1]}"
    else:
        test_share = ("while the rows' test faces hold "
                      + " and ".join(f"{f / n:.2f}" for f, n in rows))
    text += (f"\n\nThe family model's scores: {NAMES[chosen]}, chosen on its own "
             "validation split as Model 1's were. "
             f"`Model 1 ECE`: Model 1 saw both families, and its scores assume its own "
             f"validation share of fakes, {model1_share:.2f}; the prior shift moved them to "
             f"the family model's, {family_share:.2f}, {test_share}.")
    return text


def family_table(families: pd.DataFrame, n_real: int) -> pd.DataFrame:
    """The family table as shown, rounded, under a header that says whose scores and which
    faces each column reads (a reader found the header, built inline, hard to follow)."""
    on = (["family model, on fakes only"] * 3
          + [f"family model, + {n_real} real"] * 2 + ["Model 1"])
    header = pd.MultiIndex.from_arrays([on, families.columns])
    return families.round(3).set_axis(header, axis=1)


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
                 cap: int = 0, intervals=None, val_intervals=None) -> str:
    """The seen family's test diagram read by the chapter's table (``bins``: its
    ``reliability_bins`` table; ``highest``: the highest chosen score on those faces), and,
    where it shows a shift that the chosen candidate does not correct (raw or a temperature),
    why the choice stands: it was made on validation (``val_loss``: the family model's
    validation log losses, the fits out of fold; ``val_bins``: the raw scores' diagram
    there), which did or did not show the shift; ``aucs``: its exact ROC-AUC on validation
    and on the seen family's test faces; ``history`` and ``cap``: its training, to say
    whether it was still improving when it stopped (an under-trained model squeezes its
    scores too, which hedges the reading of the shift). ``intervals`` and ``val_intervals``:
    each side's mean gap (below, above 0.5) with its 95% interval resampling identity groups,
    on test and on validation; a side whose interval holds 0 is within noise (a reader found
    the shift read from point estimates the chapter's own rule asks intervals for)."""
    lo, hi = side_gaps(bins)
    if math.isnan(lo) or math.isnan(hi) or not (
            (lo > TOL and hi > TOL) or (lo < -TOL and hi < -TOL)):
        return ""
    pair = (None, None) if intervals is None else tuple(intervals)
    v_pair = (None, None) if val_intervals is None else tuple(val_intervals)

    def gaps_said(gaps: tuple[float, float], intervals: tuple) -> str:
        """Two mean gaps, then their 95% intervals (parentheses one deep, for a reader)."""
        text = f"mean gaps {gaps[0]:+.3f} and {gaps[1]:+.3f}, each bin weighted by its faces"
        if all(i is not None for i in intervals):
            text += ("; 95% intervals resampling identity groups " +
                     " and ".join(f"{i[0]:+.3f} to {i[1]:+.3f}" for i in intervals))
        return text

    def gap_said(gap: float, interval) -> str:
        return f"mean gap {gap:+.3f}" + ("" if interval is None else
                                         f", 95% interval {interval[0]:+.3f} to "
                                         f"{interval[1]:+.3f}")
    gaps = gaps_said((lo, hi), pair)
    towards, where = ("real", "above") if lo > 0 else ("fake", "below")
    if any(_sign(g, i) == 0 for g, i in zip((lo, hi), pair)):
        return (f"On this run the seen family's test curve shows no clear shift: both sides "
                f"of `0.5` lie {where} the diagonal ({gaps}), but an interval holds 0.")
    improving, state = training_state(history, cap)
    # said once here; Model 1's reading gives its own cap in one sentence (a reader found the
    # same paragraph printed for both models)
    squeezed = (f"{cap_note(history, cap, 'The family model')}, and its test scores are "
                f"squeezed below {highest:.2f}: a squeezed curve can fall differently against "
                "the diagonal on two small splits, so the shift on test may come from that as "
                "much as from a difference between the splits (validation and test hold "
                "different people, few of each). One run cannot tell which.")
    # the verdict first, the caveats in paragraphs of their own (a reader lost the
    # conclusion in 154 words)
    text = (f"The seen family's test scores are shifted towards \"{towards}\", which only an "
            f"offset (Platt's b) can correct. {TABLE[0].upper()}{TABLE[1:]}, their curve lies "
            f"{where} the diagonal on both sides of `0.5` ({gaps}), and no face, real or "
            f"fake, scores above {highest:.2f}.")
    if chosen == "Platt":
        text += " Platt's offset, fitted on validation, did not remove the shift on test."
        return text + (f"\n\n{squeezed}" if improving else "")
    text += "\n\n"
    kept = "The temperature was" if chosen == "temperature" else "The raw scores were"
    others = " and ".join(f"{val_loss[o]:.3f} for {o}" for o in CANDIDATES if o != chosen)
    text += (f"{kept} kept because {'it' if chosen == 'temperature' else 'they'} won where "
             f"the choice is made, on the family model's validation split (log loss "
             f"{val_loss[chosen]:.3f} against {others}); switching now would choose on "
             "test. ")
    v_lo, v_hi = side_gaps(val_bins)
    if all(_sign(g, i) == (1 if lo > 0 else -1) for g, i in zip((v_lo, v_hi), v_pair)):
        text += (f"Validation showed the shift too ({gaps_said((v_lo, v_hi), v_pair)}, for "
                 "the raw scores there), but Platt's offset, fitted on part of it and scored "
                 "on the rest, did not lower its log loss there: on so few faces, an offset "
                 "fitted on some of them did not carry over to the others.")
        return text + (f"\n\n{squeezed}" if improving else "")

    def lay(gap: float, interval) -> str:
        said = gap_said(gap, interval)
        return ("filled no bin" if math.isnan(gap) else
                f"lay on the diagonal ({said})" if abs(gap) <= TOL else
                f"lay within noise of it ({said})" if _sign(gap, interval) == 0 else
                f"lay {'above' if gap > 0 else 'below'} it ({said})")
    val_auc, test_auc = aucs
    keras = ""
    if history is not None and "val_auc" in history and len(history):
        keras = (f"; the epoch log's `auc`, {history['val_auc'].max():.3f}, is Keras's "
                 "approximation of it")
    text += (f"Validation did not show that shift: there the raw scores below `0.5` "
             f"{lay(v_lo, v_pair[0])} and those above `0.5` {lay(v_hi, v_pair[1])}, not the "
             "whole curve on one "
             f"side. Its ROC-AUC was {val_auc:.3f} there (computed exactly{keras}) against "
             f"{test_auc:.3f} on test.")
    if improving:
        return text + f"\n\n{squeezed}"
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


def chance_apart(low_a: float, high_a: float, low_b: float, high_b: float) -> float:
    """How often two independent 95% intervals with these ends miss each other when the two
    rates are equal, each taken as its estimate plus or minus 1.96 standard errors: they
    miss when the estimates differ by more than 1.96 (s_a + s_b), and the difference has
    standard deviation sqrt(s_a^2 + s_b^2). ``P_APART`` at equal widths, more as the widths
    differ (about 0.0085 at 2:1); 0 for an interval with no ends (NaN) or two of no width (a
    reader found the equal-width figure quoted for a pair of widths 0.32 and 0.16)."""
    s_a, s_b = (high_a - low_a) / 2, (high_b - low_b) / 2
    if not (np.isfinite(s_a) and np.isfinite(s_b)) or s_a + s_b <= 0:
        return 0.0
    z = 1.959964 * (s_a + s_b) / math.hypot(s_a, s_b)
    return math.erfc(z / math.sqrt(2))


def intervals_apart(tables: Mapping[str, pd.DataFrame]) -> str:
    """Every pair of levels, within one attribute, whose false-positive intervals do not
    overlap (``tables``: attribute -> ``metrics.error_rates_by`` table), or 'none', with how
    many pairs were compared and how to read it: non-overlap is a strict test (with no
    difference, ``chance_apart`` per pair from the two intervals' widths, ``P_APART`` at equal
    widths), so over the pairs a chance hit is unlikely but possible, and overlap hides real
    differences."""
    apart = [f"{column} = {b[column]} more than {column} = {a[column]}"
             for column, table in tables.items()
             for _, a in table.iterrows() for _, b in table.iterrows()
             if a["high"] < b["low"]]
    each = [chance_apart(a["low"], a["high"], b["low"], b["high"])
            for table in tables.values() for i, (_, a) in enumerate(table.iterrows())
            for _, b in list(table.iterrows())[i + 1:]]
    pairs = len(each)
    chance = 1 - float(np.prod([1 - p for p in each]))
    text = (f"Pairs of levels compared, over all attributes: {pairs}. Those whose intervals "
            f"do not overlap on this run: {'; '.join(apart) or 'none'}. ")
    spread = (f"{min(each):.1%} to {max(each):.1%}" if f"{min(each):.1%}" != f"{max(each):.1%}"
              else f"{min(each):.1%}") if each else "0%"
    strict = ("Non-overlap is a strict test: with no difference, two independent 95% "
              f"intervals miss each other {P_APART:.1%} of the time at equal widths and more "
              f"as the widths differ; from this run's widths (each interval taken as its estimate "
              f"± 1.96 standard errors), {spread} per pair, so over "
              f"{pairs} pair{'s' * (pairs != 1)} about {chance:.0%} of runs would show a pair "
              "apart by chance")
    if apart:
        return text + (f"{strict}: a pair apart is unlikely to be chance alone, though the "
                       "bands share identity groups, so the figure is rough, and it is one "
                       "split of one model. The same strictness hides differences: "
                       "overlapping intervals do not show that there is none.")
    return text + (f"{strict}. That strictness cuts both ways: overlapping intervals do not "
                   "show that there is no difference, only that this run cannot show one.")


def _count(expected: float) -> str:
    """An expected count said to one decimal; "fewer than 0.1" where that would read 0.0."""
    return "fewer than 0.1" if expected < 0.05 else f"{expected:.1f}"


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
            f"{_count(e_none)} of the {len(sizes)} groups would have no real face flagged and "
            f"{_count(e_every)} every one; this run has {none} and {every}. ")
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
                  raw_ece: float, raw_floor: np.ndarray | None = None) -> str:
    """The test ECE read against what perfectly calibrated scores give at this sample size
    (``floor``: the ECEs of the chosen scores against labels drawn from those scores
    themselves, one per repetition; ``n_faces``: the test faces; ``ece`` and ``raw_ece``: the
    chosen and the raw scores' test ECE; ``raw_floor``: the same draws for the raw scores,
    whose spread gives their own floor; a reader found the chosen scores' floor used for
    the raw ones)."""
    mean, high = float(np.mean(floor)), float(np.percentile(floor, 95))
    name = "the raw scores" if chosen == "raw" else f"the {chosen}-rescaled scores"
    spread = "" if chosen == "raw" else f", spread as {name} are,"
    text = (f"Scores that are calibrated by construction{spread} show an ECE of {mean:.3f} on "
            f"average on {n_faces} faces, and above {high:.3f} in only 5% of {len(floor)} "
            "draws: that is the floor their ECE stands on")
    if chosen != "raw" and raw_floor is not None:
        raw_high = float(np.percentile(raw_floor, 95))
        text += (f"; spread as the raw scores are, {float(np.mean(raw_floor)):.3f} on average "
                 f"and above {raw_high:.3f} in 5%")
    text += ". "
    if ece <= high:
        text += (f"The test ECE of {name}, {ece:.3f}, is within what calibrated scores show: "
                 f"as calibrated as {n_faces} faces can tell")
    else:
        text += (f"The test ECE of {name}, {ece:.3f}, is above what calibrated scores show in "
                 "95% of draws: some mis-calibration is left, though only the part above the "
                 "floor is more than noise")
    if chosen != "raw" and raw_floor is not None:
        side = "above" if raw_ece > raw_high else "within"
        text += f"; the raw scores' {raw_ece:.3f} is {side} their own floor"
    elif chosen != "raw":
        side = "above" if raw_ece > high else "within"
        text += (f"; the raw scores' {raw_ece:.3f} is {side} it (a floor measured on the "
                 "chosen scores' spread, not theirs)")
    return text + (". A smaller split has a higher floor: read every ECE against the floor at "
                   "its own size, never against 0.")


def validation_floor(ece: float, floor: np.ndarray, n_faces: int, bins: pd.DataFrame,
                     intervals: Sequence[tuple[float, float]],
                     val_loss: Mapping[str, float], platt_a: float,
                     platt_b: float) -> str:
    """The validation split's raw ECE read against its own floor (``floor``: the ECEs of its
    raw scores against labels drawn from those scores), and squared with the diagram reading
    (``bins``: the validation diagram; ``intervals``: each side's mean gap, 95% interval
    resampling identity groups) by one rule: an ECE above its floor with neither side clear
    of noise is put down to the pattern the two sides' point estimates make
    (``point_pattern``, as in the diagram's reading), set against the rescaling that won out
    of fold (``val_loss``, as ``chosen_rescaling`` reads it). A reader found this reading
    call the curve steeper from the fitted T and a alone, against both gaps below the
    diagonal and against the temperature losing out of fold."""
    high = float(np.percentile(floor, 95))
    text = f"Validation's raw ECE, {ece:.3f}, is "
    if ece <= high:
        return text + (f"within what calibrated scores on {n_faces} faces show (above "
                       f"{high:.3f} in only 5% of draws): this split shows no mis-calibration "
                       "beyond chance, which does not show there is none.")
    text += (f"above {high:.3f}, which calibrated scores on {n_faces} faces exceed in "
             "only 5% of draws: mis-calibrated beyond chance")
    leans = any(_apart(low, hi) for low, hi in intervals
                if np.isfinite(low) and np.isfinite(hi))
    if leans:
        return text + (", as the side the diagram's reading found off the diagonal "
                       "shows.")
    text += (", though neither side of `0.5` leans clearly on its own (the diagram's "
             "reading). ")
    from dfkit.evaluation.calibration import platt_crossing

    lo, hi = side_gaps(bins)
    pattern = point_pattern(lo, hi)
    chosen = chosen_rescaling(val_loss)
    others = [name for name in CANDIDATES if name != chosen and name in val_loss]
    losses = (f"log loss {val_loss[chosen]:.3f} against "
              + ", ".join(f"{val_loss[o]:.3f} for {o}" for o in others))
    won = (f"Out of fold {NAMES[chosen]} won ({losses})" if chosen != "raw" else
           f"Out of fold neither rescaling beat the raw scores ({losses})")
    if pattern is None:
        return text + ("The error lies in the curve's shape within a side, which each side's "
                       f"mean gap averages away. {won}.")
    text += f"{POINTS[pattern]} (mean gaps {lo:+.3f} below `0.5` and {hi:+.3f} above)"
    if pattern in ("fake", "real"):
        cross = platt_crossing(platt_a, platt_b)
        offset = (f"Platt's offset moves the crossing to {cross:.3f}" if math.isfinite(cross)
                  else "Platt's offset moves every score one way")
        text += (f": a temperature sharpens or softens about `0.5` and keeps its crossing there, "
                 f"while {offset}. {won}")
        if chosen == "Platt":
            return text + ", as that pattern predicts."
        if chosen == "raw":
            return text + ": on faces it was not fitted on, Platt's offset did not pay."
        return text + (": a temperature cannot correct a shift, so its lead comes from "
                       "elsewhere in the curve.")
    return text + f". {won}."


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
