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


def _minutes(m: float) -> str:
    return "under a minute" if m < 1 else f"about {m:.1f} min"


def full_ablation_pace(n_full: int, minutes: float) -> str:
    """The chapter's one estimate of the full ablation (both models, every input) on
    this machine, from this run's pace: Model 1's share (``n_full`` runs taking
    ``minutes``) plus at least as much for Model 2, the slower model."""
    both = (f"at least {2 * minutes * 60:.0f} s" if 2 * minutes < 1 else
            f"at least {2 * minutes:.1f} min")
    return (f"At that pace Model 1's share of the full ablation ({n_full} runs, every "
            f"input) would take {_minutes(minutes)} here. Model 2 is the slower "
            f"model, so its {n_full} runs add at least as much: the full ablation "
            f"({2 * n_full} runs) would take {both} on this machine, at this profile's "
            "size. The `paper` profile's runs are far larger (more faces, larger images, "
            "more epochs): on a CPU, many times that.")


def pairing_verdict(sd_rgb: float, sd_stack: float, paired_sd: float,
                    unpaired_sd: float) -> str:
    """Did pairing by seed narrow the spread? This run's result first, what it means
    and the general caveat (at most 3 sentences), then a small table of the SDs (each
    input's over seeds, an unpaired difference's, the paired differences')."""
    if paired_sd < CLEAR_PAIRING_GAIN * unpaired_sd:
        helped = "pairing helped"
        why = "Part of what the seeds did was shared by both inputs, and cancelled."
    elif paired_sd < unpaired_sd:
        helped = "pairing helped little"
        why = "The two inputs' runs shared little of what the seeds did."
    else:
        helped = "pairing did not help"
        why = ("In these few seeds, nothing the two inputs shared shows up in their "
               "differences.")
    table = "\n".join([
        "| spread across seeds | SD |", "| --- | --- |",
        f"| RGB's runs | {sd_rgb:.3f} |",
        f"| the stack's runs | {sd_stack:.3f} |",
        f"| an unpaired difference, √(RGB² + stack²) | {unpaired_sd:.3f} |",
        f"| the paired differences (stack minus RGB, per seed) | {paired_sd:.3f} |"])
    said = [f"In this run {helped}: {paired_sd:.3f} paired against "
            f"{unpaired_sd:.3f} unpaired.", why]
    close = abs(paired_sd - unpaired_sd) < 0.25 * unpaired_sd
    if close:
        said.append("An SD from a few seeds is itself very noisy, so two spreads this "
                    "close cannot be told apart"
                    + ("; pairing can even widen the spread, when a seed that lifts one "
                       "input's run sinks its partner's." if paired_sd > unpaired_sd
                       else "."))
    elif paired_sd > unpaired_sd:
        said.append("Pairing can even widen the spread: when a seed that lifts one "
                    "input's run sinks its partner's, the differences vary more.")
    return " ".join(said) + "\n\n" + table


def recorded_pairing(paired_sd: pd.Series, unpaired_sd: pd.Series) -> str:
    """How often pairing narrowed the spread in the recorded runs: per row (an input
    against RGB), the paired differences' SD against an unpaired difference's."""
    n = len(paired_sd)
    clear = int((paired_sd < CLEAR_PAIRING_GAIN * unpaired_sd).sum())
    little = int(((paired_sd < unpaired_sd)
                  & ~(paired_sd < CLEAR_PAIRING_GAIN * unpaired_sd)).sum())
    none = n - clear - little
    return (f"In the recorded runs pairing narrowed the spread clearly (paired SD under "
            f"{CLEAR_PAIRING_GAIN} of the unpaired) in {clear} of {n} rows, a little in "
            f"{little}, and not at all in {none}.")


def identical_rows(table: pd.DataFrame) -> str | None:
    """When two rows of a rounded table agree in every column, say it is chance (the
    per-seed table shows different runs); else None."""
    seen: dict[tuple, object] = {}
    pairs = []
    for key, row in table.iterrows():
        values = tuple(row.tolist())
        if values in seen:
            pairs.append((seen[values], key))
        else:
            seen[values] = key

    def name(key) -> str:
        return " ".join(map(str, key)) if isinstance(key, tuple) else str(key)

    if not pairs:
        return None
    said = "; ".join(f"{name(a)} and {name(b)}" for a, b in pairs)
    lead = "Two rows agree" if len(pairs) == 1 else "Rows agree"
    return (f"{lead} to 3 decimals: {said}. That is chance; the per-seed "
            "table below shows different runs.")


def _odd_seed(scores: pd.Series) -> tuple[object, float, str] | None:
    """The seed that went its own way in one input's runs (``scores``: test ROC-AUC by
    seed): the run furthest from their median, when there are 3 or more and leaving it
    out cuts their SD below a third; its seed, score and the other scores in words."""
    if len(scores) < 3:
        return None
    odd = (scores - scores.median()).abs().idxmax()  # furthest off
    rest = scores.drop(odd)
    if not rest.std() < scores.std() / 3:
        return None
    return odd, float(scores[odd]), ", ".join(f"{v:.3f}" for v in rest)


def _one_answer(recall: float, specificity: float) -> str | None:
    """The one answer a one-sided run gave, in words: 'every test face fake' when its
    recall is 1 and its specificity 0, 'nearly every ...' when within 0.1 of that (and
    the same for 'real'); None when it gave both answers."""
    if recall >= 0.9 and specificity <= 0.1:
        answer, exact = "fake", recall == 1 and specificity == 0
    elif specificity >= 0.9 and recall <= 0.1:
        answer, exact = "real", specificity == 1 and recall == 0
    else:
        return None
    return f"{'every' if exact else 'nearly every'} test face {answer}"


def _failed_run(runs: pd.DataFrame | None, inputs: str, seed) -> str | None:
    """How a run failed, from its row in ``runs`` (one model's runs: ``inputs``,
    ``seed``, ``epochs``, ``balanced_accuracy``, ``recall``, ``specificity``): a
    balanced accuracy within 0.05 of chance (one answer for nearly every face), and
    fewer epochs than every other run of its input (early stopping ended it first);
    None when neither holds or no runs are given."""
    if runs is None:
        return None
    mine = runs[runs["inputs"] == inputs]
    row = mine[mine["seed"] == seed]
    if len(row) != 1:
        return None
    row = row.iloc[0]
    said = []
    if abs(float(row["balanced_accuracy"]) - 0.5) < 0.05:
        recall, specificity = float(row["recall"]), float(row["specificity"])
        answer = _one_answer(recall, specificity)
        what = f": it called {answer}" if answer else ""
        said.append(f"its balanced accuracy, {row['balanced_accuracy']:.3f}, is chance "
                    f"(recall {recall:.3f}, specificity {specificity:.3f}{what})")
    others = mine.loc[mine["seed"] != seed, "epochs"].astype(int)
    if not others.empty and int(row["epochs"]) < others.min():
        rest = " and ".join(str(e) for e in sorted(set(others)))
        said.append(f"it stopped after {int(row['epochs'])} epochs, where the other "
                    f"runs trained {rest} epochs")
    return " and ".join(said) if said else None


def odd_run_reading(per_seed: pd.DataFrame,
                    runs: pd.DataFrame | None = None) -> str | None:
    """When one input's runs (a column of ``per_seed``: seeds × inputs, test
    ROC-AUC) spread over 3 times more than the other's: which seed went its own way,
    and the spread as a finding of its own (the other input trained more steadily,
    hedged: few seeds; steadier is not better); else None. With ``runs`` (the
    model's runs, one row each, as ``_failed_run`` reads them), an odd run at chance
    balanced accuracy or stopped before the others is called a failed run, not
    seed-to-seed spread."""
    sd = per_seed.std()  # across seeds, ddof=1
    wide, narrow = sd.idxmax(), sd.idxmin()
    if not sd[wide] > 3 * sd[narrow]:
        return None
    opening = (f"One input's runs spread far more than the other's: "
               f"{wide} {sd[wide]:.3f} against {sd[narrow]:.3f} for {narrow}.")
    n = len(per_seed)
    steadier = (f"That is a finding of its own, if only a hint from {n} seeds each: in "
                f"this run the model trained far more steadily on {narrow} than on "
                f"{wide}, but steadier training is not better scores, and the verdict "
                "above judges only the mean gain.")
    scores = per_seed[wide]
    if n < 3:  # two runs: each is as far from their middle as the other
        both = " and ".join(f"{v:.3f}" for v in scores)
        return (f"{opening} Its {n} seeds scored {both}: with two seeds neither run "
                f"stands out as the odd one. {steadier}")
    odd = _odd_seed(scores)
    if odd is None:
        return f"{opening} {steadier}"
    seed, score, others = odd
    failed = _failed_run(runs, wide, seed)
    if failed:
        borrowed = (", which section 2 borrows as its noise bar" if wide == "rgb"
                    else "")
        first, last = per_seed.columns[0], per_seed.columns[-1]
        rest_gaps = (per_seed[last] - per_seed[first]).drop(seed)
        pattern = ""
        if (rest_gaps < 0).all() or (rest_gaps > 0).all():
            way = "below" if (rest_gaps < 0).all() else "above"
            every = "both" if len(rest_gaps) == 2 else "all"
            pattern = (f" Without it, {last} scored {way} {first} in {every} other "
                       f"seeds ({', '.join(f'{g:.3f}' for g in rest_gaps)}): a "
                       "pattern, not evidence, that more seeds would test (further "
                       "research 1).")
        return (f"{opening} Its seed {seed} scored {score:.3f}, the rest {others}, and "
                f"it is a failed run, not seed-to-seed spread: {failed}. It sits in "
                f"full in that seed's paired difference and inflates {wide}'s "
                f"SD{borrowed}; more seeds would only dilute such a failure, while a "
                f"check for failed runs would catch and report it.{pattern}")
    return (f"{opening} Its seed {seed} scored {score:.3f}, the rest {others}: a run "
            f"that went its own way, which that seed's paired difference carries in "
            f"full. {steadier}")


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


def training_sizes(sizes: Mapping[str, int], n_both: int,
                   n_real: int | None = None) -> str:
    """How many faces each row's model of the matrix trained on (``sizes``: family ->
    training faces, real ones plus that family), against section 1's ``n_both``; with
    ``n_real`` (the real faces among them), the real-to-fake ratio and what it does to
    the 0.5 threshold when real faces outnumber the fakes 3 to 2 or more."""
    if len(set(sizes.values())) == 1:
        said = f"{next(iter(sizes.values()))} faces each (real faces plus one family)"
    else:
        said = (" and ".join(f"{n} ({f})" for f, n in sizes.items())
                + " faces (real faces plus one family)")
    text = (f"Each row's model below trained with seed 0 on {said}, against the "
            f"{n_both} of section 1's runs, which saw both families.")
    fakes = min(sizes.values()) - n_real if n_real is not None else 0
    if fakes > 0 and n_real >= 1.5 * fakes:
        text += (f" Of those, {n_real} are real: {n_real / fakes:.1f} real faces to each "
                 "fake, with no class weights, so their scores tend to sit low and "
                 "the 0.5 threshold, right for a balanced set, can misread "
                 "them; the table below reads each at the threshold chosen on "
                 "validation.")
    return text


def _deficit_shape(gap: np.ndarray) -> tuple[int, int, float, float] | None:
    """Where a deficit (``gap``: one group's mean profile minus the reference's, ring 0
    first) starts, peaks and ends: the first ring from which it stays over a quarter of
    its peak up to the peak, the peak's ring and depth, the depth at the highest ring;
    None when the group lies at or above the reference at every ring."""
    peak = int(np.argmin(gap))
    depth = float(-gap[peak])
    if depth <= 0:
        return None
    start = peak
    while start > 1 and -gap[start - 1] > depth / 4:
        start -= 1
    return start, peak, depth, float(-gap[-1])


def spectrum_reading(profiles: Mapping[str, np.ndarray], reference: str = "real") -> str:
    """The spectrum figure in words: ring 0 is empty (left out of the figure), and for
    each group (``profiles``: group -> ``(n_images, rings)``) where its mean profile's
    deficit against the ``reference`` group's starts, peaks and what is left of it at
    the highest ring."""
    means = {g: np.asarray(rows).mean(axis=0) for g, rows in profiles.items()}
    last = len(means[reference]) - 1
    said, short = [], []
    for g, mean in means.items():
        if g == reference:
            continue
        shape = _deficit_shape(mean - means[reference])
        if shape is None:
            said.append(f"the {g} faces lie at or above the {reference} ones at every ring")
            continue
        start, peak, depth, top = shape
        short.append(g)
        if peak == last:
            end = "and is largest at the highest ring"
        elif top < 0.9 * depth:
            end = f"and shrinks to {top:.2f} at ring {last}"
        else:
            end = f"and stays near that up to ring {last}"
        said.append(f"the {g} faces' deficit passes a quarter of its peak at ring "
                    f"{start}, peaks at ring {peak} ({depth:.2f} below) {end}")
    lead = (f"In the right panel (mean log(1 + power) minus the {reference} faces') the "
            f"{' and '.join(short)} faces hold less energy than the {reference} ones: "
            "a deficit, not peaks. " if short else "")
    said[0] = said[0][0].upper() + said[0][1:]
    return (lead + "; ".join(said) + ". Ring 0 is left out: it is 0 for every face, "
            "because the image's mean brightness is subtracted before the transform "
            "(no power left at frequency zero) and the profile is log1p, the log of 1 + "
            "power, which is 0 where the power is 0.")


def spectrum_cause(profiles: Mapping[str, np.ndarray], train: pd.DataFrame,
                   image_size: int, reference: str = "real") -> str | None:
    """How the synthetic generator made the fakes, read from the training manifest
    (``upsample_factor``: a gan frame drawn at 1/factor of the ``width``-px canvas;
    ``lowres_factor``: a faceswap inner face drawn at that fraction), the ring above
    which most gan frames hold nothing of their own at this ``image_size``, and what
    the gan deficit in ``profiles`` does around it, with the hedged reasons the data
    support; None for a manifest without those columns (real data)."""
    needed = {"family", "width", "upsample_factor", "lowres_factor"}
    if not needed <= set(train.columns) or "gan" not in profiles:
        return None
    factors = train.loc[train["family"] == "gan", "upsample_factor"].dropna().astype(int)
    swaps = train.loc[train["family"] == "faceswap", "lowres_factor"].dropna()
    if factors.empty or swaps.empty:
        return None
    canvas = int(train["width"].max())
    counts = factors.value_counts()  # most common first
    drawn = " or ".join(f"1/{k} ({n} of {len(factors)})" for k, n in counts.items())
    made = ("Why a deficit: dfkit's generator drew each fake small and enlarged it, and "
            "enlarging adds no detail finer than the small image held. The data's "
            f"manifest says how small: the gan frames at {drawn} of their {canvas}-px "
            "size, enlarged by repeating pixels and blurring. Each faceswap inner face "
            f"was drawn at {swaps.min():.2f} to {swaps.max():.2f} of that size, enlarged "
            "by bilinear interpolation.")
    mean = np.asarray(profiles["gan"]).mean(axis=0)
    gap = mean - np.asarray(profiles[reference]).mean(axis=0)
    shape = _deficit_shape(gap)
    k = int(counts.index[0])
    limit = round(len(gap) * canvas / k / image_size)
    if shape is None or limit >= len(gap):
        return made
    start, peak, depth, top = shape
    said = [f"A frame drawn at 1/{k} holds nothing of its own above ring {limit} here"]
    why = []
    if start < limit - 2:
        said.append(f"yet the gan deficit starts well below it, at ring {start}")
        # frames drawn smaller hold nothing above a lower ring: one near the start
        for small, n in counts.items():
            edge = round(len(gap) * canvas / int(small) / image_size)
            if int(small) > k and abs(edge - start) <= 2:
                why.append(f"the {n} of {len(factors)} frames drawn at 1/{int(small)} "
                           f"hold nothing above ring {edge} and may pull the mean down "
                           "from there")
        why.append("the blur weakens frequencies gradually, not at one ring")
    if peak < len(gap) - 1 and top < 0.9 * depth and abs(peak - limit) <= 3:
        said.append("and shrinks above it")
        why.append("repeated pixels copy weakened lower frequencies into higher rings, "
                   "where the noise and JPEG compression every face gets add energy "
                   "alike")
    if not why:
        return made + "\n\n" + said[0] + "."
    return (made + "\n\n" + ", ".join(said) + ". Likely reasons, which this figure "
            "cannot prove: " + "; ".join(why[:-1]) + ("; and " if len(why) > 1 else "")
            + why[-1] + ".")


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


def _sd_range(n_seeds: int) -> tuple[float, float]:
    """The 95% chi-square interval of the true SD, as multiples of one measured from
    ``n_seeds`` runs."""
    from scipy.stats import chi2

    df = n_seeds - 1
    low, high = (float(np.sqrt(df / chi2.ppf(q, df))) for q in (0.975, 0.025))
    return low, high


def _side(drop: float, bar: float) -> str:
    """One column's change against the bar: beyond it either way, or within."""
    return "drop beyond" if drop > bar else "rise beyond" if -drop > bar else "within"


def _column_said(f: str, drop: float, side: str) -> str:
    """One column's change against RGB's bar, in one sentence."""
    change = (f"drops by {drop:.3f}" if drop > 0 else f"rises by {-drop:.3f}")
    if side == "drop beyond":
        return f"The {f} column {change}, beyond seed noise, as the literature reports."
    if side == "rise beyond":
        return (f"The {f} column {change}, beyond seed noise: the reverse of the "
                "literature's drop.")
    way = ", the literature's direction, but" if drop > 0 else ","
    return f"The {f} column {change}{way} within seed noise: no evidence either way."


def _without_failed(rest: pd.Series, drops: Mapping[str, float],
                    sides: Mapping[str, str], room: float, dead: bool) -> str:
    """Section 2's verdict again with RGB's bar from ``rest``, section 1's RGB runs
    without the failed one: whether it holds, in one sentence."""
    n = len(rest)
    bar = _bar(float(rest.std()), n)[1]
    head = (f"Without the failed run, which section 1 set aside, RGB's seed SD is "
            f"{rest.std():.3f} and the bar, with t for {n} seeds ({_t(n):.1f}), "
            f"{bar:.3f}")
    if room > 0 and bar >= room:
        return head + (f": still above the fall from the best diagonal cell to chance "
                       f"({room:.3f}), so the verdict holds either way.")
    rest_sides = {f: _side(d, bar) for f, d in drops.items()}
    changed = [f for f in drops if rest_sides[f] != (sides[f] if not dead
                                                     else "within")]
    if not changed:
        return head + ": no column's change clears it either, so the verdict holds."
    called = " and ".join(f"the {f} column ({rest_sides[f]} it)" for f in changed)
    return (head + f": it would call {called}, so that verdict rests on counting the "
            "failed run as noise.")


def unseen_family_reading(seen: Mapping[str, float], unseen: Mapping[str, float],
                          sds: Mapping[str, float], n_seeds: int, room: float,
                          sizes: Mapping[str, int], n_real: int, n_ablation: int,
                          rgb_runs: pd.Series | None = None,
                          runs: pd.DataFrame | None = None, part: str = "all") -> str:
    """The generalisation matrix read against seed noise: the verdict first, then a
    table of each column's seen and unseen cells, its drop and its verdict against
    RGB's bar (the matrix's models saw RGB), then how the bar is made and how rough it
    is, and, when the stack's seed SD differs from RGB's over 3 times, the stack's bar as
    a what-if and not the verdict, with the range its own 3 runs allow (as rough as RGB's:
    1.96 × √2 × the true SD over the SD's chi-square range, since t already pays for
    estimating the SD) and what that range settles: the changes that clear even its top, or that none
    clears even its bottom.

    A bar at or above ``room`` (the fall from the best diagonal cell to chance) can
    never fire: then no column can be called, whatever a smaller bar would say.
    ``sds``: Model 1's seed SD in section 1 by input (``rgb``, ``stack (all 6)``);
    ``sizes``: family -> faces that trained its row's model (``n_real`` of them real),
    ``n_ablation``: the faces of section 1's runs; ``rgb_runs``: section 1's RGB test
    ROC-AUC by seed, to name a seed that went its own way when it is what makes RGB's
    bar too wide to fire; ``runs`` (Model 1's runs in section 1, as ``_failed_run``
    reads them): when that seed is a failed run, the bar counts it as noise (a matrix
    cell can fail too), and the reading says whether the verdict holds without it.

    ``part``: ``"all"``; ``"verdict"``, the verdict, its table and how the bar is made;
    or ``"what-ifs"``, the rest (the verdict without the failed run, the stack's bar),
    each its own paragraph, ``""`` when neither holds: the chapter prints the two in
    separate cells, so that one output gives one bar (report 08 of 2026-12-08)."""
    from scipy.stats import norm

    low_n, high_n = min(sizes.values()), max(sizes.values())
    n_matrix = f"{low_n}" if low_n == high_n else f"{low_n} to {high_n}"
    rgb_sd, stack_sd = sds["rgb"], sds.get("stack (all 6)")
    bar = _bar(rgb_sd, n_seeds)[1]
    dead = room > 0 and bar >= room
    drops = {f: seen[f] - unseen[f] for f in seen}
    sides = {f: _side(d, bar) for f, d in drops.items()}
    odd = _odd_seed(rgb_runs) if rgb_runs is not None else None
    failed = odd is not None and _failed_run(runs, "rgb", odd[0]) is not None
    if dead:
        why = (f", large because it counts section 1's failed RGB run (seed "
               f"{odd[0]} scored {odd[1]:.3f}, the others {odd[2]}) as noise, as a "
               "matrix cell can fail too," if failed else
               f", large because of one odd RGB run in section 1 (seed "
               f"{odd[0]} scored {odd[1]:.3f}, the others {odd[2]})," if odd else "")
        lead = (f"This matrix cannot call any drop or rise: RGB's noise bar "
                f"({bar:.3f}){why} exceeds even a fall from the best diagonal cell to "
                f"chance ({room:.3f}); any RGB seed SD above "
                f"{room / (_t(n_seeds) * np.sqrt(2)):.3f} would. So this run says "
                "nothing about the literature's drop either way, and this profile's "
                "seeds cannot reach a verdict here; more seeds per cell would "
                "(further research 3).")
        cells = {f: f"cannot tell: RGB noise bar {bar:.3f} exceeds any change possible here"
                 for f in drops}
    else:
        said = ([] if room > 0 else ["Every diagonal cell is at or below chance, so "
                                     "no column had a drop to show."])
        said += [_column_said(f, d, sides[f]) for f, d in drops.items()]
        if "drop beyond" not in sides.values():
            said.append("So this run gives no evidence of the literature's drop"
                        + ("." if "rise beyond" in sides.values() else
                           ", and none that it is absent: 'no evidence' is not 'no "
                           "effect' (section 1)."))
        lead = " ".join(said)
        cells = {f: f"{side} {bar:.3f}" for f, side in sides.items()}
    without = (_without_failed(rgb_runs.drop(odd[0]), drops, sides, room, dead)
               if failed and len(rgb_runs) > 2 else None)
    head = ["tested family", "seen", "unseen", "drop", "verdict against RGB's noise bar"]
    rows = [[f, f"{seen[f]:.3f}", f"{unseen[f]:.3f}", f"{drops[f]:.3f}", cells[f]]
            for f in drops]
    table = "\n".join("| " + " | ".join(r) + " |"
                      for r in [head, ["---"] * len(head), *rows])
    low, high = _sd_range(n_seeds)
    how = (f"The bar is Student's t for {n_seeds} seeds ({_t(n_seeds):.2f}) times √2 × "
           f"Model 1's seed SD on RGB in section 1 ({rgb_sd:.3f}, unrounded in the "
           "bar): the noise of a difference of two single runs. The matrix has one seed "
           "per cell, so it cannot measure its own noise; its models trained on RGB, "
           "and section 1's RGB runs are the nearest measure. Those runs saw "
           f"{n_ablation} faces of both families, these models {n_matrix} of one "
           f"({n_real} of them real). That SD is rough: for {n_seeds} runs the "
           f"chi-square distribution puts the true SD at {low:.1f} to {high:.1f} times "
           "the measured one (95%).")
    stack = None
    if stack_sd is not None and max(rgb_sd, stack_sd) > 3 * min(rgb_sd, stack_sd):
        other = _bar(stack_sd, n_seeds)[1]
        which = "lower" if other < bar else "higher"
        # the stack's SD comes from as few runs: its bar is as rough as RGB's. With
        # the true SD known the bar is z (1.96), not t, times sqrt(2) times it: t
        # already pays for estimating the SD, so the range does not multiply it
        z = float(norm.ppf(0.975))
        true_bar = z * _bar(stack_sd, n_seeds)[0]
        lowest, highest = true_bar * low, true_bar * high
        change = {f: abs(d) for f, d in drops.items()}
        beyond = [f for f, d in change.items() if d > highest]
        if beyond and len(beyond) == len(drops):
            settles = "even at its highest every change would clear it"
        elif beyond:
            settles = (f"even at its highest the {' and '.join(beyond)} change "
                       "would clear it, and the rest it cannot settle")
        elif all(d < lowest for d in change.values()):
            settles = "even at its lowest no change would clear it"
        else:
            settles = "so it settles no change either"
            # a change past the point bar but inside the range: say so (report 08)
            past = [f for f, d in change.items() if other < d <= highest]
            if past:
                names = " and ".join(f"the {f} change ({change[f]:.3f})" for f in past)
                settles += (f": {names} {'clears' if len(past) == 1 else 'clear'} "
                            f"{other:.3f} but not {highest:.2f}")
        stack = (
            f"The stack's seed SD ({stack_sd:.3f}) gives a {which} bar, {other:.3f}: "
            f"a what-if, not the verdict, as rough as RGB's from {n_seeds} runs. With "
            f"the true SD at {low:.1f} to {high:.1f} times it, the bar ({z:.2f} × √2 × "
            f"the true SD: {z:.2f}, not t, once the SD is taken as known) lies anywhere "
            f"from {lowest:.2f} to {highest:.2f}, {settles}.")
    if part == "verdict":
        return "\n\n".join([lead, table, how])
    if part == "what-ifs":
        return "\n\n".join(p for p in (without, stack) if p)
    lead = f"{lead} {without}" if without else lead
    return "\n\n".join([lead, table, how, *([stack] if stack else [])])


def _failed_cell(cells: pd.DataFrame, family: str,
                 runs: pd.DataFrame | None = None) -> tuple[bool, str]:
    """Section 1's failed-run rule (``_failed_run``) applied to the diagonal cell of
    ``family`` in the generalisation matrix (``cells``: one row per trained on, tested on,
    with ``balanced_accuracy``, ``recall``, ``specificity``, ``epochs``): a balanced
    accuracy within 0.05 of chance, or fewer epochs than every other run (the matrix's
    other rows and, with ``runs``, section 1's RGB runs). Whether it holds, and the
    numbers in words: the one answer a one-sided run gave, and whether the same model's
    other cells are at chance too (then the whole row comes from that run).

    With ``val_threshold`` and the ``*_at_val_threshold`` columns the balanced accuracy,
    recall and specificity are read there, not at 0.5: the matrix's models train on more
    real faces than fakes, so their scores sit low and 0.5 can make a working model look
    one-sided (the reading then says what 0.5 made of it)."""
    at_val = {"val_threshold", "balanced_accuracy_at_val_threshold"} <= set(cells)
    end = "_at_val_threshold" if at_val else ""
    mine = cells[cells["trained on"] == family]
    row = mine[mine["tested on"] == family].iloc[0]
    balanced = float(row[f"balanced_accuracy{end}"])
    recall, specificity = float(row[f"recall{end}"]), float(row[f"specificity{end}"])
    epochs = int(row["epochs"])
    chance = abs(balanced - 0.5) < 0.05
    answer = _one_answer(recall, specificity)
    what = f"; it called {answer}" if chance and answer else ""
    where = (f"at the threshold chosen on validation ({float(row['val_threshold']):.3f}) "
             if at_val else "")
    said = [f"{where}its balanced accuracy, {balanced:.3f} (recall {recall:.3f}, "
            f"specificity {specificity:.3f}{what}), is {'' if chance else 'not '}within "
            "0.05 of chance"]
    at_half = _one_answer(float(row["recall"]), float(row["specificity"]))
    if at_val and not chance and at_half:
        low = float(row["val_threshold"]) < 0.5
        why = ("; its model trained on more real faces than fakes, so its scores sit "
               "low and 0.5 is the wrong threshold for it" if low and "real" in at_half
               else "")
        said[0] += f" (at 0.5 it called {at_half}{why})"
    others = cells.loc[cells["trained on"] != family].drop_duplicates("trained on")
    other = sorted(set(others["epochs"].astype(int)))
    where = [f"{' and '.join(map(str, other))} for the other row's model"] if other else []
    if runs is not None and "epochs" in runs:
        section_1 = sorted(set(runs.loc[runs["inputs"] == "rgb", "epochs"].astype(int)))
        other = sorted(set(other) | set(section_1))
        if section_1:
            where.append(f"{' and '.join(map(str, section_1))} for section 1's RGB runs")
    short = bool(other) and epochs < min(other)
    if where:
        than = ("fewer than" if short else "no fewer than the others:"
                if epochs >= max(other) else "not fewer than every other run:")
        said.append(f"it {'stopped after' if short else 'trained'} {epochs} epochs, "
                    f"{than} {' and '.join(where)}")
    text = " and ".join(said)
    rest = mine[mine["tested on"] != family]
    balanced_rest = rest[f"balanced_accuracy{end}"]
    if chance and len(rest) and ((balanced_rest - 0.5).abs() < 0.05).all():
        listed = ", ".join(f"{float(b):.3f} on {t}" for t, b in
                           zip(rest["tested on"], balanced_rest))
        text += (f". Its other cell is at chance too (balanced accuracy {listed}): the "
                 "rule marks the whole row, that cell included")
        if "roc_auc" in rest:
            ranks = ", ".join(f"{float(a):.3f} on {t}" for t, a in
                              zip(rest["tested on"], rest["roc_auc"]))
            if ((rest["roc_auc"] - 0.5).abs() >= 0.05).all():
                text += (f". Balanced accuracy reads the threshold, not the ranking "
                         f"(chapter 04): that cell's ROC-AUC ({ranks}) says its scores "
                         "may still rank faces, whatever the threshold makes of them")
            else:
                text += (f", and its ROC-AUC ({ranks}) is within 0.05 of chance too: its "
                         "scores do not rank those faces either")
    return chance or short, text


def own_family_lowest(matrix: pd.DataFrame, per_seed: pd.DataFrame,
                      cells: pd.DataFrame | None = None,
                      runs: pd.DataFrame | None = None) -> str | None:
    """When a row's model scores its own family's test set below the other families'
    (a diagonal cell lowest in its row) and below what another row's model scores on
    it, say so, hedged: with one seed per cell it may be a run that went its own way,
    like section 1's odd seed (``per_seed``: seeds × inputs, test ROC-AUC), if any;
    None otherwise. With ``cells`` (``ablation.generalisation_runs``' rows) the cell
    gets section 1's failed-run check, from its balanced accuracy and epochs (``runs``:
    Model 1's runs in section 1, whose RGB epochs join the comparison)."""
    for f in matrix.index:
        own = float(matrix.loc[f, f])
        others = matrix.loc[f].drop(f)
        rivals = matrix[f].drop(f)
        if not (own < others.min() and own < rivals.min()):
            continue
        worst = (f"The {f}-trained model scores its own family worst: {own:.3f} on "
                 f"{f}, against {others.min():.3f} on the family it never saw, and "
                 f"below the {rivals.idxmin()}-trained model's {rivals.min():.3f} on "
                 f"{f}.")
        if cells is not None:
            failed, numbers = _failed_cell(cells, f, runs)
            verdict = ("it looks like a failed run" if failed else
                       "it is a weak run, not a failed one")
            # q3's drops: each column's diagonal minus the other rows' mean; row f
            # gives every one of them a cell (its diagonal, or an unseen cell)
            drops = ", ".join(
                f"{c} {matrix.loc[c, c] - matrix.loc[matrix.index != c, c].mean():.3f}"
                for c in matrix.columns)
            then = (f"A failed run says nothing about the family, so q3's drops "
                    f"({drops}), which use this row's cells, measure that run, not what "
                    "an unseen family costs; more seeds per cell would show how its own "
                    "cell scores when the run does not fail"
                    if failed else
                    f"So q3's drops ({drops}), which use this row's cells, measure a "
                    "working model; with one seed per cell only the noise bar above can "
                    "judge them, and more seeds per cell would tell whether the low cell "
                    "is seed-to-seed spread or something about the family")
            return (f"{worst} By section 1's rule (the matrix runs' table above) {verdict}: "
                    f"{numbers}. {then} (further research 3).")
        sd = per_seed.std()
        wide = sd.idxmax()
        odd = _odd_seed(per_seed[wide]) if sd[wide] > 3 * sd.min() else None
        like = (f", like section 1's Model 1 on {wide}, seed {odd[0]} ({odd[1]:.3f} "
                f"against {odd[2]})" if odd else "")
        return (worst + " With one seed per cell that may be a run that went its own "
                f"way{like}, rather than anything about the family. More seeds per "
                "cell would tell (further research 3).")
    return None


def linear_beats_cnn(model_1: pd.DataFrame, linear_aucs: pd.Series, n_train: int,
                     epochs: int) -> str | None:
    """When a linear baseline (``linear_aucs``: test ROC-AUC on all fakes by feature
    set) tops Model 1's best mean ROC-AUC (``model_1``: seeds × inputs) by over 0.05:
    the verdict first (above or inside each input's 95% Student-t interval of its mean
    over seeds, clipped to ROC-AUC's 0 to 1), then a table of those intervals, then one
    sentence on the interval and one on why a linear model can win; else None."""
    from dfkit.evaluation.ablation import paired_interval

    best_mean = model_1.mean().max()
    name, auc = linear_aucs.idxmax(), linear_aucs.max()
    if not auc > best_mean + 0.05 or len(model_1) < 2:
        return None
    n = len(model_1)
    above, inside, rows, clipped = [], [], [], False
    for k in model_1.columns:
        runs = model_1[k]
        mean, low, high = paired_interval(runs)  # section 1's interval, of a mean
        clipped |= low < 0 or high > 1
        low, high = max(0.0, low), min(1.0, high)
        (above if auc > high else inside).append(k)  # never below: it tops every mean
        rows.append(f"| {k} | {mean:.3f} | {low:.3f} to {high:.3f} | "
                    f"{int((runs < auc).sum())} of {n} |")
    said = []
    if above:
        said.append("above the 95% interval of Model 1's mean score on "
                    f"{' and on '.join(above)}")
    if inside:
        where = ("inside the interval" if above else
                 "inside the 95% interval of Model 1's mean score")
        said.append(f"{where} on {' and on '.join(inside)}, where this run gives no "
                    "evidence either way")
    lead = (f'The "{name}" baseline scores {auc:.3f} on all fakes: '
            + ", and ".join(said) + ".")
    table = "\n".join(["| Model 1 on | mean | 95% interval of the mean | runs below "
                       "the baseline |", "| --- | --- | --- | --- |", *rows])
    how = ("This compares one number, the baseline's, with the interval of a mean of "
           f"{n} runs: where Model 1's mean over seeds could lie, not where one more run "
           "could land, which strays further (the last column counts single runs). "
           "The baseline has no seed to pair, so the interval is section 1's Student-t "
           "interval of the runs' scores, not of paired differences"
           + (", clipped to ROC-AUC's bounds of 0 and 1." if clipped else ".")
           + " Both are on this test split: the interval holds training noise "
           "only, and chapter 06's cluster bootstrap would add the test-set half."
           + f" Model 1 saw {n_train} faces for at most {epochs} epochs here, while the "
           "logistic regression gets a ready-made cue that up-sampling leaves in the "
           "spectrum.")
    return "\n\n".join([lead, table, how])
