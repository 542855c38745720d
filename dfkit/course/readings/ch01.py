"""Chapter 01's sentences: what the whole validation split says about the paper's measures."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from dfkit.course.readings.words import clause_list, listing

CHANCE_MARGIN = 5  # percentage points from 50% within which the mean share counts as chance
SEPARATES = 0.05  # how far from AUC 0.5 a single similarity must lie to count as separating
NUMBER_WORDS = {5: "five", 10: "ten", 20: "twenty"}  # draw sizes as the chapter's prose says them
INTERVAL = "auc_95"  # the effect-size table's column of group-bootstrap AUC intervals
JUST = 0.01  # an interval whose end lies this close to 0.5 only just excludes it


def shown_percent(share: float) -> int:
    """A share as the whole percent the sentence prints (``0.497`` -> ``50``)."""
    return int(f"{share:.0%}".rstrip("%"))


def one_sided_side(real_share: float, fake_share: float) -> str | None:
    """The class whose average most images of *both* classes are nearer ('fake' or 'real'),
    when one class's share lies above half and the other's below, as printed (a share shown
    as 50% is no majority); None otherwise."""
    fake, real = shown_percent(fake_share), shown_percent(real_share)
    if (fake - 50) * (real - 50) >= 0:
        return None
    return "fake" if fake > 50 else "real"


def at_chance(real_share: float, fake_share: float) -> bool:
    """True when the mean of the two shares, as printed, lies within CHANCE_MARGIN of 50%."""
    return abs(shown_percent((fake_share + real_share) / 2) - 50) <= CHANCE_MARGIN


def interval(effects: pd.DataFrame, name: str) -> tuple[float, float] | None:
    """The (low, high) ends of a descriptor's AUC interval as printed (``effects``'s INTERVAL
    column, ``eda.auc_intervals``); None without one."""
    if INTERVAL not in effects or name not in effects.index:
        return None
    value = effects.loc[name, INTERVAL]
    if not isinstance(value, pd.Interval):
        return None
    return float(value.left), float(value.right)


def reaches_chance(effects: pd.DataFrame, name: str) -> bool:
    """True when the descriptor's AUC interval includes 0.5 (False without an interval)."""
    ends = interval(effects, name)
    return ends is not None and ends[0] <= 0.5 <= ends[1]


def interval_note(effects: pd.DataFrame, name: str) -> str:
    """The descriptor's AUC interval and what it says of chance, as a clause starting with
    "its 95% interval"; empty without an interval."""
    ends = interval(effects, name)
    if ends is None:
        return ""
    low, high = ends
    text = f"its 95% interval, {low:.3f} to {high:.3f}, "
    if low <= 0.5 <= high:
        return text + "reaches 0.5, so this split cannot tell it from chance"
    if min(abs(low - 0.5), abs(high - 0.5)) <= JUST:
        return text + "only just excludes 0.5, so the evidence is thin"
    return text + "excludes 0.5"


def auc_contrast(measure: str, effects: pd.DataFrame) -> str | None:
    """How the measure's two similarities, each alone, separate the classes (``effects``:
    ``eda.effect_sizes``), when at least one lies SEPARATES or more from AUC 0.5; else None."""
    sims = [s for s in (f"{measure}_real", f"{measure}_fake") if s in effects.index
            and abs(float(effects.loc[s, "auc"]) - 0.5) >= SEPARATES]
    if not sims:
        return None
    aucs = {s: float(effects.loc[s, "auc"]) for s in sims}
    higher = [s for s in sims if aucs[s] > 0.5]
    lower = [s for s in sims if s not in higher]
    named = {s: f"`{s}` (AUC {aucs[s]:.3f})" for s in sims}
    parts = [f"{word} on {listing([named[s] for s in group])}"
             for word, group in (("higher", higher), ("lower", lower)) if group]
    text = f"fakes score {listing(parts)}"
    both = (f"fakes are {'more' if higher else 'less'} similar than reals to *both* "
            "averages, which a comparison of an image's two similarities with each other "
            "cannot see")
    alike = len(sims) == 2 and not (higher and lower)
    wide = [s for s in sims if reaches_chance(effects, s)]
    if wide and len(wide) == len(sims):
        # the hedge first: a reader who stops after one clause keeps it, and the AUCs only
        # point, so that no clause states as fact what the next takes back
        whose = ("neither one's `auc_95` interval excludes 0.5" if len(sims) > 1
                 else f"`{wide[0]}`'s `auc_95` interval reaches 0.5")
        text = f"the AUCs point to fakes scoring {listing(parts)}"
        text += (f", but {whose}, so this split cannot tell "
                 f"{'that' if len(sims) > 1 else 'its'} difference from chance")
        if alike:
            text += f". If the difference holds, {both}"
        return text
    if alike:
        text += f": {both}"
    if wide:
        text += (f". `{wide[0]}`'s `{INTERVAL}` interval reaches 0.5, so this split cannot "
                 "tell its difference from chance")
    return text


def share_interval(intervals, measure: str) -> tuple[float, float] | None:
    """A measure's (low, high) interval of its mean share (``intervals``: measure ->
    ``pd.Interval``, as ``eda.mean_share_intervals`` gives); None without one."""
    if intervals is None or measure not in intervals:
        return None
    value = intervals[measure]
    return (float(value.left), float(value.right)) if isinstance(value, pd.Interval) else None


def rule_verdict(means: dict[str, float], intervals) -> list[str]:
    """Whether the rule "call an image whatever average it is nearer" beats a coin by each
    measure (``means``: measure -> mean of the two shares), by whether its group-bootstrap
    interval (``intervals``) excludes 50%, and by how much (an end within CHANCE_MARGIN
    points of 50% makes the evidence thin): one bullet per kind of verdict."""
    ends = {m: share_interval(intervals, m) for m in means}
    ends = {m: e for m, e in ends.items() if e is not None}
    if not ends:
        return []

    def named(group):
        return listing([f"`{m}` ({ends[m][0]:.1%} to {ends[m][1]:.1%})" for m in group])

    above = [m for m, (low, _) in ends.items() if low > 0.5]
    below = [m for m, (_, high) in ends.items() if high < 0.5]
    reach = [m for m in ends if m not in above + below]
    # an end within CHANCE_MARGIN of 50% clears it only just: with so few groups the
    # interval's ends are rough (the chapter's caution), so the evidence is thin
    just = [m for m in above + below
            if min(abs(e - 0.5) for e in ends[m]) * 100 <= CHANCE_MARGIN]
    points = []
    for group, side, claim in ((above, "above", "beats a coin"),
                               (below, "below", "does worse than a coin")):
        clear = [m for m in group if m not in just]
        thin = [m for m in group if m in just]
        if clear:
            points.append(f"by {named(clear)} the 95% interval lies {side} 50%: the rule "
                          f"{claim} in this split")
        if thin:
            points.append(f"by {named(thin)} the evidence that the rule {claim} is thin: "
                          f"the 95% interval lies {side} 50%, but only just, and with so few "
                          "groups its ends are rough")
        if side == "above" and reach:
            points.append(f"by {named(reach)} the 95% interval reaches 50%: this split "
                          "cannot tell the rule from a coin")
    return points


def five_shares_reading(nearer: pd.DataFrame, measures: Sequence[str]) -> str:
    """One sentence under the five-sample shares table (``nearer``: rows 'real' and 'fake',
    one column per measure, each the share of that class nearer its own average), reading
    both classes at once: by which measures most images of both classes are nearer one
    average, and by which most of each class are nearer their own."""
    fake = {m: float(nearer.loc["fake", m]) for m in measures}
    real = {m: float(nearer.loc["real", m]) for m in measures}
    parts = []
    for m in measures:
        side = one_sided_side(real[m], fake[m])
        if side == "fake":
            parts.append(f"by `{m}` most reals ({1 - real[m]:.0%}) are nearer the *fake* "
                         f"average too, as most fakes ({fake[m]:.0%}) are, so it mostly says "
                         "\"fake\" whatever the image")
        elif side == "real":
            parts.append(f"by `{m}` most fakes ({1 - fake[m]:.0%}) are nearer the *real* "
                         f"average too, as most reals ({real[m]:.0%}) are, so it mostly says "
                         "\"real\" whatever the image")
    own = [m for m in measures if shown_percent(real[m]) > 50 and shown_percent(fake[m]) > 50]
    if own:
        named = listing([f"`{m}` ({real[m]:.0%} of reals, {fake[m]:.0%} of fakes)"
                         for m in own])
        parts.append(f"by {named} most of each class is nearer its own average")
    rest = [m for m in measures if m not in own and one_sided_side(real[m], fake[m]) is None]
    if rest:
        parts.append(f"by {listing([f'`{m}`' for m in rest])} neither class has a "
                     "majority nearer its own average")
    return ("Read with both classes, for these ten images: " + "; ".join(parts) + "."
            if parts else "")


def nearer_own_reading(nearer: pd.DataFrame, measures: Sequence[str],
                       effects: pd.DataFrame | None = None, intervals=None) -> str:
    """The sentences under the whole-split table (``nearer``: rows 'real' and 'fake', one
    column per measure, each the share of that class nearer its own average). With
    ``effects``, a measure at chance by the nearer average whose similarities separate the
    classes alone gets a sentence on how both can hold. With ``intervals`` (measure -> the
    group-bootstrap interval of its mean share, ``eda.mean_share_intervals``), whether each
    mean beats a coin; a measure whose interval excludes 50% is then not called at chance."""
    fake = {m: float(nearer.loc["fake", m]) for m in measures}
    real = {m: float(nearer.loc["real", m]) for m in measures}
    pairs = listing([f"{real[m]:.0%} and {fake[m]:.0%} by `{m}`" for m in measures])
    means = listing([f"{(real[m] + fake[m]) / 2:.1%}" for m in measures])
    lead = (f"Over the whole validation split, the shares of reals and of fakes nearer their "
            f"own class's average are {pairs} (means {means}; chance is 50%).")
    points = rule_verdict({m: (real[m] + fake[m]) / 2 for m in measures}, intervals)
    for m in measures:
        side = one_sided_side(real[m], fake[m])
        contrast = None
        ends = share_interval(intervals, m)
        chance = at_chance(real[m], fake[m]) and (ends is None or ends[0] <= 0.5 <= ends[1])
        if effects is not None and chance:
            contrast = auc_contrast(m, effects)
        if side is not None:
            point = (f"by `{m}`, most images of *both* classes are nearer the {side} average: "
                     f"it mostly says \"{side}\" whatever the image")
            points.append(point + (f". Yet {contrast}" if contrast else ""))
        elif contrast:
            points.append(f"by `{m}` the nearer average tells the classes apart no better "
                          f"than chance, yet {contrast}")
    return clause_list(lead, points)


def _distance(auc: float) -> float:
    """How far an AUC lies from 0.5, rounded as the AUCs it comes from (3 decimals)."""
    return round(abs(float(auc) - 0.5), 3)


def _g(value: float) -> str:
    """An AUC or a spread as printed: rounded to 3 decimals, no trailing zeros."""
    return f"{round(float(value), 3):g}"


def five_sample_reading(five_aucs: dict, weak_aucs: dict, best: str, weakest: str,
                        weak_whole_auc: float, per_class: int = 5,
                        best_whole_auc: float | None = None,
                        first_seed: int | None = None) -> str:
    """How far the AUC of the strongest descriptor on the whole split (``best``; its AUCs on
    ``per_class`` images per class, ``five_aucs``, seed -> AUC) moved from draw to draw, and
    whether, draw by draw, it lay further from 0.5 than the weakest there (``weakest``,
    whole-split AUC ``weak_whole_auc``; ``weak_aucs``). ``first_seed``: the seed that drew
    the chapter's first table, named when its draw put the weakest level or ahead. Empty
    without draws."""
    seeds = [s for s in five_aucs if s in weak_aucs]
    if not seeds:
        return ""
    ahead = [s for s in seeds if _distance(five_aucs[s]) > _distance(weak_aucs[s])]
    behind = [s for s in seeds if s not in ahead]
    where = ("at chance" if abs(weak_whole_auc - 0.5) < SEPARATES else "the weakest")
    weak = f"`{weakest}` ({where} on the whole validation split, AUC {weak_whole_auc:.2f})"
    k = f"{NUMBER_WORDS.get(per_class, per_class)} images per class"
    if len(seeds) == 1:
        s = seeds[0]
        text = (f"In this run's one draw (seed {s}), the strongest descriptor `{best}` lay "
                f"{_distance(five_aucs[s]):g} from AUC 0.5 and {weak} "
                f"{_distance(weak_aucs[s]):g}: ")
        if ahead:
            return text + (f"here {k} put the strongest one ahead. One draw cannot say how "
                           "often they do; several seeds can.")
        if _distance(weak_aucs[s]) > _distance(five_aucs[s]):
            return text + (f"{k} put the weakest descriptor further from chance than the "
                           "strongest one, the wrong way round.")
        return text + (f"{k} put the weakest descriptor as far from chance as the strongest "
                       "one: this draw could not tell them apart.")
    values = [round(float(five_aucs[s]), 3) for s in seeds]
    whole = (f"; its AUC on the whole validation split is {best_whole_auc:.2f}"
             if best_whole_auc is not None else "")
    lead = f"Over {len(seeds)} draws of {k}:"
    spread = (f"the AUC of `{best}` ran from {_g(min(values))} to {_g(max(values))} (a spread "
              f"of {_g(max(values) - min(values))}{whole}): one draw cannot rank descriptors "
              "whose AUCs lie closer together than that")
    if not behind:
        order = (f"in all {len(seeds)} draws, `{best}` lay further from AUC 0.5 than {weak}: "
                 f"here the strongest cue showed through {k}")
    elif not ahead:
        order = (f"in none of the {len(seeds)} draws did `{best}` lie further from AUC 0.5 "
                 f"than {weak}: {k} never told them apart")
    else:
        plural = "s" if len(behind) > 1 else ""
        order = (f"in {len(ahead)} of the {len(seeds)} draws `{best}` lay further from AUC "
                 f"0.5 than {weak}; in the draw{plural} of seed{plural} "
                 f"{listing([str(s) for s in behind])} the weakest lay at least as far")
        if first_seed not in behind:
            table = "one of those tables" if plural else "that table"
            order += f": a paper that drew {table} could not have told them apart"
    if first_seed in behind:
        first = first_seed
        level = _distance(weak_aucs[first]) == _distance(five_aucs[first])
        how = ("as far from 0.5 as", "level with") if level else (
            "further from 0.5 than", "above")
        order += (f". Seed {first}'s draw is the first table's ten images: on them "
                  f"`{weakest}` (AUC {_g(weak_aucs[first])}) lay {how[0]} `{best}` "
                  f"({_g(five_aucs[first])}), so a paper that drew that table would have "
                  f"ranked the weakest descriptor {how[1]} the strongest")
    return clause_list(lead, [spread, order])


def clipped_share(colour_hist: np.ndarray) -> float:
    """The share of channel values at 0 or 255 (a (3, 256) histogram, each row summing to 1)."""
    hist = np.asarray(colour_hist, float)
    return float((hist[:, 0] + hist[:, -1]).mean())


def _densest(real: np.ndarray, top: float) -> np.ndarray:
    """The mask of the ``top`` share of pixels where ``real`` is densest (at least one
    pixel, never all)."""
    order = np.argsort(real, axis=None)[::-1]  # pixels, densest real edges first
    dense = np.zeros(real.size, bool)
    dense[order[:max(1, min(real.size - 1, round(top * real.size)))]] = True
    return dense.reshape(real.shape)


def _inner(real: np.ndarray, face: np.ndarray | None) -> np.ndarray:
    """The inner face's mask (``face``), or without one the central square."""
    if face is not None:
        return np.asarray(face, bool)
    h, w = real.shape
    inner = np.zeros(real.shape, bool)
    inner[h // 4: 3 * h // 4, w // 4: 3 * w // 4] = True
    return inner


def _peak(gap: np.ndarray) -> tuple[float, int, int]:
    """A map's largest value and its (row, column)."""
    row, col = np.unravel_index(int(np.argmax(gap)), gap.shape)
    return float(gap[row, col]), int(row), int(col)


CHANCE_SHARE = 0.05  # a permutation p-value at most this counts as rare for chance


def p_value(reached: int, drawn: int) -> float:
    """The permutation p-value of a statistic that ``reached`` of ``drawn`` relabellings
    equal or pass: (k + 1) / (n + 1), which never claims 0 from a finite number of draws."""
    return (reached + 1) / (drawn + 1)


def rarity(reached: int, drawn: int, tested: int) -> str:
    """How rare chance finds a statistic, read from the p-value the reading prints: "firm"
    when still at most ``CHANCE_SHARE`` times the ``tested`` comparisons (a count rare for one
    may be chance for some one of several), "suggestive" when rare for one alone, else
    "chance"."""
    p = p_value(reached, drawn)
    if p * tested <= CHANCE_SHARE:
        return "firm"
    return "suggestive" if p <= CHANCE_SHARE else "chance"


def _tests(families: int, band) -> tuple[int, str]:
    """(how many tests the chapter's table makes, how the reading says it): one per family
    and statistic (the reddest pixel, and with ``band`` the mean along the outline), each
    a try for chance, so the "firm" verdict multiplies p by all of them."""
    statistics = 1 if band is None else 2
    if statistics == 1:
        return families, f"{families} families tested"
    return (families * statistics,
            f"{families * statistics} tests ({families} families × {statistics} statistics)")


_NEAR = 6  # pixels within which a face swap's reddest spot counts as near `gan`'s


def family_red(real: np.ndarray, family_maps: dict | None, noise: dict | None = None,
               band: np.ndarray | None = None, outline: bool = True,
               spot: bool = True) -> str:
    """What the figure of each family's average edge map minus the reals' (``real``;
    ``family_maps``: family -> its average edge-density map) says about a face swap's seam:
    each family's largest excess of fakes over reals, and where, against ``noise`` (family ->
    maps of the same comparison with the family's fakes and the reals relabelled at random
    within each group, the first family's first drawn in the figure): in how many of them the
    largest excess at any pixel reaches the family's, chance alone; and whether GAN fakes,
    which have no seam, show their reddest spot near the face swaps' (within ``_NEAR``
    pixels), which leaves the spot unable to decide; and that a seam's line along the
    outline is tested only with ``band`` (the pixels along the outline, as the chapter's
    table takes them): its mean gap against the relabellings' mean gap there (left out
    with ``outline`` False: ``seam_line`` says it as a clause of its own; the reddest
    spots and the counts' caveat left out with ``spot`` False: ``red_spot`` says the spots
    as a clause of their own, the chapter the caveat). Empty with fewer than two families."""
    if not family_maps or len(family_maps) < 2:
        return ""
    peaks = {f: _peak(np.asarray(m, float) - real) for f, m in family_maps.items()}
    listed = listing([f"{v:+.3f} for `{f}` (row {r}, column {c})"
                      for f, (v, r, c) in peaks.items()])
    text = f"in the figure of the families, the largest excess of fakes over reals is {listed}"
    noise = {f: list(noise[f]) for f in peaks if noise and len(noise.get(f, ())) > 0}
    if noise:
        # the same statistic as the family's: the largest *signed* excess, any pixel
        reached = {f: (sum(float(np.max(n)) >= peaks[f][0] for n in maps), len(maps))
                   for f, maps in noise.items()}
        counts = listing([f"{k} of {n}{' relabellings' if i == 0 else ''} "
                          f"(p = {p_value(k, n):.2f}) for `{f}`"
                          for i, (f, (k, n)) in enumerate(reached.items())])
        text += (". The same comparison with the labels shuffled within each group, so that "
                 "only chance separates \"fakes\" from reals, gives as large an excess "
                 f"somewhere in {counts}")
        tested, tests = _tests(len(reached), band)
        rare = {f: rarity(k, n, tested) for f, (k, n) in reached.items()}
        beyond = [f for f in reached if rare[f] == "firm"]
        hint = [f for f in reached if rare[f] == "suggestive"]
        within = [f for f in reached if rare[f] == "chance"]
        said = []
        if within:
            said.append(f"chance alone reaches the red of "
                        f"{listing([f'`{f}`' for f in within])} often enough that this "
                        "figure cannot tell it from chance")
        if hint:
            said.append(f"chance alone rarely reaches the red of "
                        f"{listing([f'`{f}`' for f in hint])}, but with {tests} that is "
                        "suggestive rather than firm, and not necessarily "
                        "a seam")
        if beyond:
            said.append(f"chance alone rarely reaches the red of "
                        f"{listing([f'`{f}`' for f in beyond])}, so it is likely more than "
                        "chance, though not necessarily a seam")
        if said:
            text += ": " + "; ".join(said)
        if len(reached) > 1 and spot:
            drawn = max(n for _, n in reached.values())
            text += (f". Each count is one draw of {drawn} relabellings and would move by a "
                     "few on another draw, so the families' counts cannot be ranked against "
                     "each other")
    line = _seam_line(real, family_maps, noise, band) if outline else ""
    if "gan" not in peaks or not spot:
        return text + line
    return text + ". " + _red_spot(peaks) + line


def red_spot(real: np.ndarray, family_maps: dict | None) -> str:
    """``family_red``'s reading of where each face-swap family's reddest spot lies against
    `gan`'s, as a clause of its own (the reading's bullet after the counts); empty without
    `gan` or with fewer than two families."""
    if not family_maps or len(family_maps) < 2 or "gan" not in family_maps:
        return ""
    real = np.asarray(real, float)
    return _red_spot({f: _peak(np.asarray(m, float) - real) for f, m in family_maps.items()})


def _red_spot(peaks: dict) -> str:
    """Whether each face-swap family's reddest spot lies near `gan`'s (``peaks``: family ->
    (excess, row, column))."""
    text = ""
    _, gr, gc = peaks["gan"]
    for f in (f for f in peaks if f != "gan"):
        _, r, c = peaks[f]
        if abs(r - gr) <= _NEAR and abs(c - gc) <= _NEAR:
            text += (f". `{f}`'s reddest spot alone cannot decide whether a seam made it: "
                     "`gan`'s lies within a few pixels of it, though GAN fakes have no "
                     "pasted face and so no seam")
        else:
            text += (f". `{f}`'s reddest spot lies where `gan`'s does not, so a seam could "
                     "explain it if it lies on the inner face's edge")
    return text.removeprefix(". ")


def seam_line(real: np.ndarray, family_maps: dict | None, noise: dict | None = None,
              band: np.ndarray | None = None) -> str:
    """``family_red``'s test of the seam along the outline as a clause of its own (the
    reading's bullet after the reddest pixel's); empty with fewer than two families."""
    if not family_maps or len(family_maps) < 2:
        return ""
    noise = {f: list(noise[f]) for f in family_maps if noise and len(noise.get(f, ())) > 0}
    said = _seam_line(np.asarray(real, float), family_maps, noise, band).removeprefix(". ")
    return said[:1].lower() + said[1:]


def _seam_line(real: np.ndarray, family_maps: dict, noise: dict, band) -> str:
    """The seam's own test: each family's mean gap along the outline (``band``) against the
    same mean in its relabellings; without a band or relabellings, that it is untested."""
    said = (". A seam would be a line along the inner face's outline, which a single pixel "
            "does not test")
    if band is None or not noise:
        return said + (": red along the outline in the figure, at its top or elsewhere, is "
                       "left untested here")
    band = np.asarray(band, bool)
    gaps = {f: float((np.asarray(m, float) - real)[band].mean()) for f, m in family_maps.items()
            if f in noise}
    reached = {f: (sum(float(np.asarray(n)[band].mean()) >= g for n in noise[f]),
                   len(noise[f])) for f, g in gaps.items()}
    listed = listing([f"{gaps[f]:+.4f} for `{f}`, reached by {k} of {n} relabellings "
                      f"(p = {p_value(k, n):.2f})" for f, (k, n) in reached.items()])
    said += f"; the mean gap along it, in the test table above, does: {listed}"
    swaps = [f for f in reached if f != "gan"]
    tested, tests = _tests(len(reached), band)
    found = {f: rarity(*reached[f], tested) for f in swaps}
    common = [f for f in swaps if found[f] == "chance"]
    hint = [f for f in swaps if found[f] == "suggestive"]
    rare = [f for f in swaps if found[f] == "firm"]
    verdicts = []
    if common:
        verdicts.append(f"chance alone gives {listing([f'`{f}`' for f in common])}'s gap "
                        "along the outline often enough, so this run shows no seam there")
    if hint:
        verdicts.append(f"chance alone rarely gives {listing([f'`{f}`' for f in hint])}'s "
                        f"gap along the outline, but with {tests} that is suggestive "
                        "rather than firm")
    if rare:
        verdicts.append(f"chance alone rarely gives {listing([f'`{f}`' for f in rare])}'s "
                        "gap along the outline, as a seam would")
    if verdicts:
        said += ": " + "; ".join(verdicts)
    return said + (". A part of the line picked after seeing the figure, such as its top, "
                   "would need a test chosen before looking")


def family_blue(real: np.ndarray, family_maps: dict | None,
                face: np.ndarray | None = None) -> str:
    """Where each family loses edges (``family_maps`` minus ``real``): its mean gap inside the
    inner face (``face``, the boolean mask the figure outlines; without one, the central
    square) and outside it, and whether GAN fakes lose more outside than face swaps, as a
    frame rendered small throughout would. Empty without a ``gan`` family and another."""
    if not family_maps or "gan" not in family_maps or len(family_maps) < 2:
        return ""
    real = np.asarray(real, float)
    h, w = real.shape
    inner = _inner(real, face)
    region = ("the dashed outline of the inner face" if face is not None else
              f"the central square (rows and columns {h // 4} to {3 * h // 4 - 1}, about "
              "the inner face)")
    means = {f: (float((np.asarray(m, float) - real)[inner].mean()),
                 float((np.asarray(m, float) - real)[~inner].mean()))
             for f, m in family_maps.items()}
    swaps = [f for f in means if f != "gan"]
    gan_in, gan_out = means["gan"]
    others = listing([f"{means[f][0]:+.3f} and {means[f][1]:+.3f} for `{f}`" for f in swaps])
    text = (f"blue, where fakes have fewer edges: the mean gap is {gan_in:+.3f} inside "
            f"{region} and {gan_out:+.3f} outside it for `gan`, {others}")
    outside = [means[f][1] for f in swaps]
    if means["gan"][1] < min(outside) - 0.005:
        return text + (". GAN fakes lose edges outside the inner face too, round the head's "
                       "outline and neck, as a frame rendered small throughout would; a face "
                       "swap renders only the inner face small")
    return text + (". GAN fakes lose no more edges outside the inner face than face swaps do, "
                   "though only they render the whole frame small: this run does not show "
                   "that difference")


def class_average_numbers(colour_hist: dict, edge_map: dict, family_maps: dict | None = None,
                          face: np.ndarray | None = None, top: float = 0.1) -> pd.DataFrame:
    """The numbers ``class_averages_reading`` states, as it prints them, one row each, so
    that each can be checked on the page (same arguments): each class's share of channel
    values at 0 or 255 and mean edge density; where the fake edge map lies below, above or
    equal to the real one, and its mean gap on the real average's densest ``top`` of pixels
    and on the rest; and for each family (two or more), its largest excess over the reals
    with where it lies, and its mean gap inside the inner face (``face``; without one the
    central square) and outside it."""
    real, fake = np.asarray(edge_map[0], float), np.asarray(edge_map[1], float)
    rows = {}
    for y, name in ((0, "real"), (1, "fake")):
        rows[(name, "channel values at 0 or 255")] = f"{clipped_share(colour_hist[y]):.1%}"
        rows[(name, "mean edge density")] = f"{np.asarray(edge_map[y], float).mean():.3f}"
    diff, dense = fake - real, _densest(real, top)
    lower, higher = float((diff < 0).mean()), float((diff > 0).mean())
    key = "fake minus real"
    rows[(key, "pixels below 0 (fewer edges in fakes)")] = f"{lower:.0%}"
    rows[(key, "pixels above 0 (more edges in fakes)")] = f"{higher:.0%}"
    rows[(key, "pixels equal to 0")] = f"{max(0.0, 1 - lower - higher):.0%}"
    rows[(key, f"mean on the real average's densest {top:.0%}")] = (
        f"{round(float(diff[dense].mean()), 3):+.3f}")
    rows[(key, "mean on the rest")] = f"{round(float(diff[~dense].mean()), 3):+.3f}"
    if family_maps and len(family_maps) > 1:
        inner = _inner(real, face)
        where = "the outline" if face is not None else "the central square"
        for f, m in family_maps.items():
            gap = np.asarray(m, float) - real
            value, r, c = _peak(gap)
            key = f"{f} minus real"
            rows[(key, "largest excess (row, column)")] = f"{value:+.3f} ({r}, {c})"
            rows[(key, f"mean inside {where}")] = f"{float(gap[inner].mean()):+.3f}"
            rows[(key, f"mean outside {where}")] = f"{float(gap[~inner].mean()):+.3f}"
    return pd.DataFrame({"this run": rows.values()},
                        index=pd.MultiIndex.from_tuples(rows, names=["map", "number"]))


def class_averages_reading(colour_hist: dict, edge_map: dict, top: float = 0.1,
                           family_maps: dict | None = None, noise: dict | None = None,
                           face: np.ndarray | None = None,
                           band: np.ndarray | None = None) -> str:
    """What the two class-average figures show, in numbers (``colour_hist``, ``edge_map``:
    label -> the class's average histogram and edge-density map over the training images, as
    in ``eda.ClassAverages``; ``family_maps``: each family of fakes' average edge map;
    ``noise``: family -> the same comparison relabelled within groups; ``face``: the inner
    face's mask, outlined on the figure; ``band``: the pixels along its outline, which the
    chapter's seam table tests)."""
    real_clip, fake_clip = clipped_share(colour_hist[0]), clipped_share(colour_hist[1])
    clip = ("the spikes at intensities 0 and 255 are clipped (saturated) pixels. Averaged over "
            "the three channels, the 0 and 255 bins together hold "
            f"{real_clip:.1%} of a real training image's channel values and {fake_clip:.1%} of "
            "a fake's")
    if f"{real_clip:.1%}" == f"{fake_clip:.1%}":
        clip += ", about as many in both classes"
    elif fake_clip < real_clip:
        clip += (", fewer in fakes. A likely reason, which the figure cannot confirm: a fake "
                 "enlarged from a small render, or blended into another face, mixes each pixel "
                 "with its neighbours, and mixing pulls extreme values in from 0 and 255")
    else:
        clip += (", more in fakes; the figure alone does not say why (blur alone would pull "
                 "values in from 0 and 255, not push more of them out)")
    real, fake = np.asarray(edge_map[0], float), np.asarray(edge_map[1], float)
    diff = fake - real
    lower, higher = float((diff < 0).mean()), float((diff > 0).mean())
    dense = _densest(real, top)
    at_dense = round(float(diff[dense].mean()), 3)  # as printed
    elsewhere = round(float(diff[~dense].mean()), 3)
    equal = (f", above it on {higher:.0%} and equal to it on the other "
             f"{1 - lower - higher:.0%}" if lower + higher < 1 else f" and above it on {higher:.0%}")
    fewer = (f"the average fake edge map lies below the real one on {lower:.0%} of its pixels"
             f"{equal} (mean edge density {fake.mean():.3f} against "
             f"{real.mean():.3f} over the training images; the effect-size table's means are "
             "over the validation images)")
    gap = (f"mean fake-minus-real density {at_dense:+.3f} on the real average's densest "
           f"{top:.0%} of pixels, {elsewhere:+.3f} on the rest")
    if fake.mean() < real.mean():
        fewer += ". Fewer edges is what blur predicts"
        if at_dense < elsewhere:
            fewer += f", and the gap is widest where the real average has its densest edges ({gap})"
        else:
            fewer += (f", though the gap is no wider where the real average has its densest "
                      f"edges ({gap})")
    else:
        fewer += ". Blur alone would give fakes fewer edges, not as many or more"
    points = [clip, fewer]
    if higher > 0:
        more = (f"where the fakes have more edges than the reals ({higher:.0%} of the pixels), "
                "the panel *fake minus real* is red. Its colour fades to light grey, the "
                "colour of no difference, as a difference shrinks, so only the largest of "
                "them show as clear red patches")
        points.append(more)
    points += [t for t in (family_red(real, family_maps, noise, band=band, outline=False,
                                      spot=False),
                           red_spot(real, family_maps),
                           seam_line(real, family_maps, noise, band),
                           family_blue(real, family_maps, face)) if t]
    return clause_list("The class averages in numbers (the table above prints each; counts "
                       "and p: the test table):",
                       points)


def edge_invdiff_reading(table: pd.DataFrame, effects: pd.DataFrame, edge_map: dict) -> str:
    """Why every ``edge_invdiff`` value lies near 1, and which of its two variants separates
    the classes and why (``table``: ``eda.describe_images`` of the validation split;
    ``effects``: ``eda.effect_sizes``; ``edge_map``: the class averages' edge maps)."""
    cols = [c for c in ("edge_invdiff_real", "edge_invdiff_fake") if c in table]
    if len(cols) < 2 or "edge_density" not in table:
        return ""
    low, high = float(table[cols].min().min()), float(table[cols].max().max())
    text = (f"Every `edge_invdiff` value of this run lies between {low:.3f} and {high:.3f}: "
            f"edge densities are small (a validation image's average {table['edge_density'].mean():.3f}), "
            f"so mean |a - b| runs only from {1 / high - 1:.3f} to {1 / low - 1:.3f} and "
            "`1 / (1 + mean |a - b|)` stays near 1. Differences in the third decimal are all "
            "there is, and the AUC, which reads ranks, is what tells whether they separate.")
    aucs = {c: float(effects.loc[c, "auc"]) for c in cols}
    apart = [c for c in cols if abs(aucs[c] - 0.5) >= SEPARATES]
    means = {c: (float(effects.loc[c, "mean_real"]), float(effects.loc[c, "mean_fake"]))
             for c in cols}
    dense = {y: float(np.mean(edge_map[y])) for y in (0, 1)}
    if apart == ["edge_invdiff_real"]:
        note = interval_note(effects, "edge_invdiff_real")
        chance = reaches_chance(effects, "edge_invdiff_real")
        text += (f"\n\nOnly `edge_invdiff_real` lies 0.05 or more from 0.5 (AUC "
                 f"{aucs['edge_invdiff_real']:.3f}, against {aucs['edge_invdiff_fake']:.3f} for "
                 "`edge_invdiff_fake`)"
                 f"{f'; {note}' if note else ''}.\n\n"
                 f"{'If the difference is real, a' if chance else 'A'} likely reason: the real "
                 f"average has the denser edges (mean {dense[0]:.3f} against {dense[1]:.3f}), "
                 "in the places where blur removes them from fakes, so a fake misses more of "
                 "them than a real image does; the sparser fake average has fewer edges to "
                 "miss, and reals and fakes lie about equally far from it (mean "
                 f"`edge_invdiff_fake` {means['edge_invdiff_fake'][0]:.3f} for reals, "
                 f"{means['edge_invdiff_fake'][1]:.3f} for fakes).")
    elif len(apart) == 2:
        text += (f"\n\nBoth variants lie 0.05 or more from 0.5 (AUC "
                 f"{aucs['edge_invdiff_real']:.3f} against the real average, "
                 f"{aucs['edge_invdiff_fake']:.3f} against the fake one).")
        text += "".join(f" For `{c}`, {interval_note(effects, c)}." for c in cols
                        if interval_note(effects, c))
    elif apart:
        note = interval_note(effects, apart[0])
        text += (f"\n\nOnly `{apart[0]}` lies 0.05 or more from 0.5 (AUC {aucs[apart[0]]:.3f}"
                 f"{f'; {note}' if note else ''}); the other variant lies within 0.05 of it.")
    else:
        text += "\n\nNeither variant lies 0.05 or more from AUC 0.5 in this run."
    return text


def direction_reading(effects: pd.DataFrame, small_d: float = 0.2) -> str:
    """Whether any descriptor's Cohen's d and AUC disagree in sign in this run (``effects``:
    ``eda.effect_sizes``, with its INTERVAL column when there is one), and what its other
    "no clear difference" rows come from: too small an effect, or an AUC interval that
    reaches 0.5."""
    d, auc = effects["cohens_d"].astype(float), effects["auc"].astype(float)
    disagree = [str(n) for n in effects.index if d[n] * (auc[n] - 0.5) < 0]
    small = [str(n) for n in effects.index if str(n) not in disagree
             and (abs(d[n]) < small_d or abs(auc[n] - 0.5) < SEPARATES)]
    wide = [str(n) for n in effects.index if str(n) not in disagree + small
            and reaches_chance(effects, n)]
    if disagree:
        text = (f"In this run d and the AUC disagree in sign for "
                f"{listing([f'`{n}`' for n in disagree])}: read \"no clear difference\" there")
    else:
        text = "In this run no descriptor's d and AUC disagree in sign"
    causes = []
    if small:
        causes.append((len(small), "too small an effect"))
    if wide:
        causes.append((len(wide), f"an `{INTERVAL}` interval that reaches 0.5 "
                                  f"({listing([f'`{n}`' for n in wide])}): this split "
                                  f"cannot tell {'their' if len(wide) > 1 else 'its'} "
                                  "direction from chance"))
    if not causes:
        return text + "."
    rows = sum(n for n, _ in causes)
    other = " other" if disagree else ""
    if len(causes) == 1:
        text += (f"; its{other} {rows} \"no clear difference\" "
                 f"row{'s come' if rows > 1 else ' comes'} from {causes[0][1]}.")
    else:
        parts = [f"{n} from {why}" if i else f"{n} come{'s' if n == 1 else ''} from {why}"
                 for i, (n, why) in enumerate(causes)]
        text += f"; of its{other} {rows} \"no clear difference\" rows, {listing(parts)}."
    narrow = [n for n in small if interval(effects, n) is not None
              and not reaches_chance(effects, n)]
    if narrow:
        verbs = ("s", "exclude", "their rows read") if len(narrow) > 1 else (
            "", "excludes", "its row reads")
        text += (f" The `{INTERVAL}` interval{verbs[0]} of "
                 f"{listing([f'`{n}`' for n in narrow])} {verbs[1]} 0.5, yet {verbs[2]} "
                 "\"no clear difference\" (too small an effect): an interval that "
                 "excludes 0.5 makes a direction likely, but does not make the effect large.")
    return text


def zero_edges_reading(table: pd.DataFrame, first_table: pd.DataFrame | None = None,
                       few: float = 0.01) -> str:
    """Images with no edge pixel (``edge_density`` 0) or almost none (below ``few``) in a
    validation ``table`` of ``eda.describe_images``, by class, and what they are likely to be;
    ``first_table`` (the ten images of the chapter's first table) names its rows with none.
    Empty when there are none."""
    density = table["edge_density"]
    low = density < few
    if not low.any():
        return ""
    zero, almost, sharp = [], [], []
    for y, name in ((1, "fakes"), (0, "reals")):
        of_class = table["y"] == y
        zero.append(f"{int(((density == 0) & of_class).sum())} of the {int(of_class.sum())} "
                    f"validation {name}")
        count = int((low & (density > 0) & of_class).sum())
        almost.append(f"{count} {name[:-1] if count == 1 else name}")
        if (low & of_class).any():
            n_low = int((low & of_class).sum())
            sharp.append(f"{table.loc[low & of_class, 'sharpness'].mean():.2f} for the "
                         f"{n_low} {name[:-1] if n_low == 1 else name} below {few:.0%}, "
                         f"against {table.loc[of_class, 'sharpness'].mean():.2f} for all {name}")
    rows = ([] if first_table is None else
            [str(i) for i in first_table.index[first_table["edge_density"] == 0]])
    where = (f"; row{'s' if len(rows) > 1 else ''} {listing(rows)} of the first table"
             if rows else "")
    return (f"{listing(zero)} have no edge pixel at all (`edge_density` 0{where}), and "
            f"{listing(almost)} more have edges on fewer than {few:.0%} of their pixels. That is "
            "not a bug: most likely such crops are so smooth that hardly any brightness change "
            "in them passes the Canny thresholds, and their mean `sharpness` fits heavy blur "
            f"({'; '.join(sharp)}).")
