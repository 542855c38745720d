"""Chapter 07's sentences: what this run's error counts can and cannot say."""

from __future__ import annotations

import numpy as np

SMALL_SPLIT = 1000  # images: below this a split's ROC-AUC moves by a few hundredths by chance


def collapse_warning(recall: float, specificity: float) -> str:
    """The warning for a Model 1 that called (nearly) every test face one class: the tables
    below then describe that one answer, not failure modes."""
    answer = "fake" if recall > specificity else "real"
    return (f"In this run Model 1 called (nearly) every test face {answer} at this "
            "threshold: it collapsed to one answer, so (nearly) all of one class is "
            "wrong and (nearly) none of the other. The class comparison and the "
            "factor tables below then describe that one answer, not failure modes "
            "the model learned.")


def training_note(history, epochs: int, seconds: list[float] | None = None,
                  val_images: int | None = None) -> str:
    """What Model 1's training log says about the model whose errors are counted, conclusion
    first (``history``: one row per epoch, columns ``auc`` and ``val_auc``; ``epochs``: the
    profile's most; ``seconds``: the log's epoch times, empty where the model came from the
    cache; ``val_images``: the validation split's size). At most three sentences: which model,
    where it came from, why training AUC can sit below validation's."""
    said = _training_reading(history, epochs)
    if seconds is not None:
        said += " " + _training_time(seconds)
    val, train = history["val_auc"].to_numpy(), history["auc"].to_numpy()
    if (train < val).all():
        said += (" Its training AUC sits below validation's in every epoch, largely because it "
                 "is accumulated over the epoch's batches while the weights still change, with "
                 "dropout on; validation's is measured after the epoch, with dropout off")
        if val_images and val_images < SMALL_SPLIT:  # chance moves a small split's AUC too
            said += (f", and on only {val_images} images, so part of the gap can be "
                     "sampling noise")
        said += "."
    return said


def _training_time(seconds: list[float]) -> str:
    if seconds:
        return (f"It trained here, in about {sum(seconds):.0f} s on this machine (the "
                "epochs' times added before the log rounds each; a fresh runtime's model "
                "cache starts empty).")
    return ("It came from dfkit's model cache, trained by an earlier chapter (a fresh "
            "runtime, whose cache starts empty, trains it first).")


def _training_reading(history, epochs: int) -> str:
    val = history["val_auc"].to_numpy()
    ran, best = len(val), int(val.argmax()) + 1
    if ran < epochs:
        return (f"The errors below are those of Model 1's epoch {best}, the best validation "
                f"AUC ({val.max():.3f}): early stopping ended training after {ran} of "
                f"{epochs} epochs.")
    if best == ran:
        return (f"The errors below are those of a Model 1 whose validation AUC was still "
                f"rising after all {epochs} epochs ({val[-2]:.3f} then {val[-1]:.3f}): early "
                "stopping never fired; a longer-trained model may fail on other faces, counted "
                "the same way.")
    return (f"The errors below are those of Model 1's epoch {best} of {epochs}, the best "
            f"validation AUC ({val.max():.3f}), kept after it trained all {epochs}.")


def class_gap(real: float, fake: float, gap: tuple[float, float, float]) -> str:
    """Which way the model leans at this threshold: the real faces' error rate (called fake)
    against the fakes' (called real), and ``gap``, real minus fake with its 95% interval."""
    diff, low, high = gap
    said = (f"In this run {real:.3f} of the real faces were called fake and {fake:.3f} of the "
            f"fakes called real (real minus fake: {diff:+.3f}, 95% interval {low:+.3f} to "
            f"{high:+.3f}, resampling identities). ")
    if low > 0 or high < 0:
        towards, away = ("fake", "real faces") if low > 0 else ("real", "fakes")
        return said + (f"At this threshold the model leans towards '{towards}': the {away} "
                       "collect more of the errors.")
    return said + ("The interval includes zero: this split shows no lean either way, which "
                   "does not show that there is none.")


def newcombe_example(diff: float, low: float, high: float, zero_high: float, n: int) -> str:
    """The worked Newcombe example, a row with no errors minus a row with some (``diff``,
    ``low``, ``high``), read against ``zero_high``, the top of the zero row's Wilson interval
    in its ``n`` identities: why it reaches higher than the paired bootstrap's would."""
    verdict = "includes zero" if low < 0 < high else "excludes zero"
    return (f"Newcombe's interval {verdict}, reaching up to {high:+.3f}, because the row with "
            f"no errors keeps its uncertainty: its Wilson interval in {n} identities runs up "
            f"to {zero_high:.3f}. A paired bootstrap would give the other row's own interval, "
            "negated, which never rises above zero, as if the zero row's rate were known to be "
            "exactly 0.")


def _shown(row) -> bool:
    """Whether a difference's interval excludes zero."""
    return bool(row["low"] > 0 or row["high"] < 0)


def _holds(row) -> bool:
    """Whether a shown difference still excludes zero once all the differences compared are
    allowed for (column ``holds``, the Bonferroni interval; True where it is not given)."""
    return bool(row.get("holds", True))


def _interval(row) -> str:
    return f"{row['difference']:+.3f} ({row['low']:+.3f} to {row['high']:+.3f})"


def _strict(row) -> str:
    """The Bonferroni interval behind ``holds`` (columns ``strict_low``, ``strict_high``), as
    'low to high', or "" where the table does not carry it."""
    if "strict_low" not in row or "strict_high" not in row:
        return ""
    return f"{row['strict_low']:+.3f} to {row['strict_high']:+.3f}"


def _method(row) -> str:
    """How the row's interval was made (``rate_differences``' method column, when present)."""
    if row.get("method") == "Newcombe":
        return "Newcombe's interval, from each row's Wilson interval in identities"
    return "its interval resampling identities"


def _higher_first(row) -> dict:
    """``row`` (a difference ``value`` minus ``against``) ordered so that the family with the
    higher rate comes first and a difference reads as 'how much more often'; both intervals
    used here (Newcombe's, the paired bootstrap) flip exactly with the order."""
    row = dict(row)
    if row["difference"] < 0:
        row.update(value=row["against"], against=row["value"], rate=row["rate_against"],
                   rate_against=row["rate"], difference=-row["difference"],
                   low=-row["high"], high=-row["low"])
    return row


def titles(rows) -> list[str]:
    """The figures' titles, one per row of a results table: 'T: real, P: fake (0.731)', the
    true class, predicted class and p(fake) to 3 decimals; below it, the nuisances the
    generator applied to the image and its JPEG quality (when recorded)."""
    name = {0: "real", 1: "fake"}
    nuisances = [f for f in ("blurred", "shadowed", "noisy") if f in rows]
    out = []
    for _, r in rows.iterrows():
        title = f"T: {name[r['y']]}, P: {name[r['pred']]} ({r['p_fake']:.3f})"
        if nuisances:
            applied = [f for f in nuisances if r[f] == "yes"] or ["no nuisance"]
            if "jpeg_quality" in rows:
                applied.append(f"JPEG {int(r['jpeg_quality'])}")
            title += "\n" + ", ".join(applied)
        out.append(title)
    return out


def one_family_errs(families) -> str:
    """Where every fake error lies in one family (``families``: index family, columns
    ``images`` and ``errors``), that the fake rows of the factor tables mix in images that
    were never wrong, so they are weaker than their image counts suggest; "" otherwise."""
    if len(families) < 2 or int((families["errors"] > 0).sum()) != 1:
        return ""
    erring = families.index[families["errors"] > 0][0]
    never = families[families["errors"] == 0]
    n = int(never["images"].sum())
    return (f"Every fake error in this run is a {erring} fake; the {n} "
            f"{' and '.join(map(str, never.index))} fakes were never wrong. So the fake "
            f"rows of each table below mix these {n} images in among them (each row its "
            "share), and say less than their image counts suggest; a cell after the differences repeats the "
            f"fakes' comparisons among {erring} fakes only.")


def one_family_verdict(only, pooled, family: str) -> str:
    """The fakes' differences within the one family that erred (``only``) against the same
    comparisons over all fakes (``pooled``): how many intervals exclude zero in each."""
    k = sum(_shown(r) for _, r in only.iterrows())
    j = sum(_shown(r) for _, r in pooled.iterrows())
    said = (f"Among {family} fakes alone, {k} of the {len(only)} differences "
            f"{'excludes' if k == 1 else 'exclude'} zero (over all fakes, {j} of "
            f"{len(pooled)})")
    if k == 0 and j > 0:
        return said + (f": the pooled {'difference' if j == 1 else 'differences'} beyond zero "
                       f"{'does' if j == 1 else 'do'} not show among {family} fakes alone, "
                       "on fewer images.")
    if k == 0:
        return said + (": the never-wrong fakes did not hide a difference on this split, "
                       "which does not show that there is none.")
    return said + (": read them as the verdict above reads its rows, one more set of "
                   f"{len(only)} comparisons, so each may be chance.")


def family_reading(row, rows_overlap: bool, collapsed: bool, families=None,
                   bootstrap: tuple[float, float, float] | None = None) -> str:
    """The two families compared by the interval of their difference (``row``: one row of
    ``error_analysis.rate_differences``), conclusion first, the family with the higher rate
    first, and set against what the overlap of the two rows' own intervals (``rows_overlap``)
    would suggest. ``families`` (the family table: index family, columns ``identities`` and
    ``method``) names the Wilson intervals a Newcombe bound comes from, which the table may
    not show; ``bootstrap`` (the paired bootstrap of the same difference, ``value`` minus
    ``against`` as given) is named where it and Newcombe's disagree about zero."""
    flip = row["difference"] < 0
    row = _higher_first(row)
    first, second = row["value"], row["against"]
    newcombe = row.get("method") == "Newcombe"
    method = "Newcombe's interval" if newcombe and families is not None else _method(row)
    compared = f"{first} minus {second} is {_interval(row)}, {method}"
    if _shown(row):
        said = (f"On this split {first} fakes fool the model more often than {second} fakes: "
                f"{compared}, which excludes zero" + (
                    ", although the two rows' own intervals overlap (overlap alone would "
                    "have hidden it)." if rows_overlap else "."))
    else:
        said = ("This test split cannot tell the two families apart, which does not show "
                f"that they are alike: {compared}, which includes zero.")
    if newcombe and families is not None:
        from dfkit.evaluation.metrics import wilson_interval

        parts = []
        for name, rate in ((first, row["rate"]), (second, row["rate_against"])):
            n = families.loc[name, "identities"]
            low, high = wilson_interval(rate * n, n)
            printed = (" (the table prints a bootstrap one)"
                       if families.loc[name, "method"] == "bootstrap" else "")
            parts.append(f"{name} {low:.3f} to {high:.3f}{printed}")
        said += (" Newcombe's is built from each family's Wilson interval in identities: "
                 f"{', '.join(parts)}.")
    if newcombe and bootstrap is not None:
        diff, low, high = (-bootstrap[0], -bootstrap[2], -bootstrap[1]) if flip else bootstrap
        booted = low > 0 or high < 0
        if booted != _shown(row):
            said += (f" The paired bootstrap gives {diff:+.3f} ({low:+.3f} to {high:+.3f}), "
                     f"which {'excludes' if booted else 'includes'} zero")
            empty = [(name, rate) for name, rate in ((first, row["rate"]),
                                                     (second, row["rate_against"]))
                     if rate in (0.0, 1.0)]
            if empty:  # a row with no errors (or no correct answers) adds 0 to every resample
                name, rate = empty[0]
                other = second if name == first else first
                said += (f", but only because {name} fakes' rate is {rate:.3f} in every "
                         f"resample, so that interval carries {other}'s uncertainty alone: "
                         "the failure described above, and why the chapter uses Newcombe's "
                         "here.")
            else:
                said += (": the verdict depends on the method, a close call; the chapter goes "
                         "by Newcombe's, which keeps the uncertainty of a row with its errors "
                         "(or its correct answers) in few identities.")
    if collapsed:
        said += (" Model 1 collapsed to one answer, so any gap is that answer's pattern, "
                 "not a failure mode.")
    return said


_CALLED = {("real", 1): "more real faces called fake", ("real", -1): "fewer real faces called fake",
           ("fake", 1): "more fakes called real", ("fake", -1): "fewer fakes called real"}


def _direction(factor: str, value: str, against: str, shown: dict) -> str:
    """One sentence: which way a factor moved the errors, only as far as shown differences go
    (``shown``: class -> the difference of each class whose interval excludes zero)."""
    name = f"{factor[:1].upper()}{factor[1:]} ({value} rather than {against})"
    sign = {c: 1 if d > 0 else -1 for c, d in shown.items()}
    if len(sign) == 2:
        if sign["real"] != sign["fake"]:
            towards = "fake" if sign["real"] > 0 else "real"
            return (f"{name} pushed scores towards '{towards}' in both classes "
                    f"({_CALLED['real', sign['real']]}, {_CALLED['fake', sign['fake']]}), not "
                    "towards errors in general.")
        return f"{name} went with {'more' if sign['real'] > 0 else 'fewer'} errors in both classes."
    (cls, s), = sign.items()
    other = "fakes" if cls == "real" else "real faces"
    return f"{name}: {_CALLED[cls, s]}; among {other} the difference is within chance."


def difference_verdict(diffs, collapsed: bool) -> str:
    """Which differences within a class (rows of ``rate_differences`` with a ``factor``
    column) exclude zero, as a small table, how many could by chance, and one sentence per
    such factor on which way it moved the errors, claiming a direction only where shown."""
    n = len(diffs)
    shown = diffs[[_shown(r) for _, r in diffs.iterrows()]]
    if shown.empty:
        return (f"In this run none of the {n} differences within a class has an interval "
                "that excludes zero: this test split shows no factor changing the error "
                "rate, which does not show that none does.")
    strict = "holds" in shown
    lines = ["| factor | class | error rate | difference (95% interval) |"
             + (f" allowing for all {n} |" if strict else ""),
             "|---|---|---|---|" + ("---|" if strict else "")]
    for _, r in shown.iterrows():
        lines.append(f"| {r['factor']} | {r['class']} | {r['rate_against']:.3f} → "
                     f"{r['rate']:.3f} ({r['against']} → {r['value']}) | {_interval(r)} |"
                     + ((f" {'holds' if _holds(r) else 'may be chance'}"
                         f"{f' ({_strict(r)})' if _strict(r) else ''} |") if strict else ""))
    held = sum(_holds(r) for _, r in shown.iterrows())
    said = (f"In this run {len(shown)} of the {n} differences within a class have an "
            "interval that excludes zero (were no factor to matter, about "
            f"{n / 20:.1f} would on average, by chance, at the 95% level)"
            + (f"; allowing for all {n} (Bonferroni: each at the 1 − 0.05/{n} level), "
               f"{held} still {'does' if held == 1 else 'do'}" if strict else "")
            + ":\n\n" + "\n".join(lines) + "\n\n")
    sentences = []
    for key, rows in shown.groupby(["factor", "value", "against"], sort=False):
        sentence = _direction(*key, dict(zip(rows["class"], rows["difference"])))
        loose = [r for _, r in rows.iterrows() if not _holds(r)]
        if loose:
            kinds = ["real faces" if r["class"] == "real" else "fakes" for r in loose]
            wider = ""
            if _strict(loose[0]):  # the wider intervals themselves, where the table has them
                wider = " (" + "; ".join((f"{k} " if len(loose) > 1 else "") + _strict(r)
                                         for k, r in zip(kinds, loose)) + ")"
            sentence = (sentence[:-1] + f"; a suggestion only among {' and '.join(kinds)}: "
                        f"allowing for all {n} comparisons, the interval includes zero"
                        f"{wider}.")
        sentences.append(sentence)
    quiet = [f for f in dict.fromkeys(diffs["factor"]) if f not in set(shown["factor"])]
    if quiet:
        listed = ", ".join(quiet[:-1]) + " or " + quiet[-1] if len(quiet) > 1 else quiet[0]
        sentences.append(f"No difference is shown for {listed}.")
    if collapsed:
        sentences.append("Model 1 collapsed to one answer, so such a difference is that "
                         "answer's pattern, not a failure mode.")
    return said + " ".join(sentences)


def newcombe_share(diffs) -> str:
    """Which of the differences (rows of ``rate_differences``, column ``method``) rest on
    Newcombe's fallback, their verdicts, and which way that interval errs; "" where none."""
    rows = diffs[diffs["method"] == "Newcombe"]
    if rows.empty:
        return ""
    wide = sum(not _shown(r) for _, r in rows.iterrows())
    if wide == len(rows):
        verdicts = "it includes zero" if wide == 1 else "all of them include zero"
    else:
        verdicts = f"{wide} of them {'includes' if wide == 1 else 'include'} zero"
    return (f"{len(rows)} of the {len(diffs)} differences rest on Newcombe's fallback "
            f"({verdicts}). As the Wilson section says, it is about right where an "
            "identity's images fail together and identities hold similar numbers of images, "
            "somewhat too narrow where a few identities hold many, and too wide where images "
            "fail independently; its coverage is unmeasured. So its 'includes zero' means "
            "'cannot tell', never 'no difference'.")


def blur_hypothesis(diffs) -> str:
    """A hedged reading of blurred real faces called fake more often (the fakes of the
    synthetic set are rendered small and up-sampled, so soft), or "" where not shown; the
    fakes' blur row beside it, and tests that would tell, which the random nuisances do not:
    the training faces were already blurred at random in both classes."""
    row = diffs[(diffs["factor"] == "blur applied") & (diffs["class"] == "real")
                & (diffs["value"] == "yes")]
    if row.empty or not row.iloc[0]["low"] > 0:
        return ""
    r = row.iloc[0]
    said = (f"One effect has an obvious hypothesis: blurred real faces were "
            f"called fake at {r['rate']:.3f} against {r['rate_against']:.3f} for sharp ones, "
            "and this set's fakes are rendered small and up-sampled, so they lack fine detail "
            "as a blurred face does: the model may have learned 'soft means fake'.")
    fake = diffs[(diffs["factor"] == "blur applied") & (diffs["class"] == "fake")
                 & (diffs["value"] == "yes")]
    if not fake.empty:
        f = fake.iloc[0]
        way = ("points the same way, towards 'fake'" if f["difference"] < 0
               else "does not point that way")
        said += (f" Among fakes blur {way}"
                 + ("" if _shown(f) else ", within chance")
                 + f" (blurred ones called real at {f['rate']:.3f} against "
                 f"{f['rate_against']:.3f} for sharp ones, {_interval(f)}).")
    return said + (" The counts do not show the hypothesis, and the training faces were already "
                   "blurred at random in both classes: a test would score the same real faces "
                   "with and without blur (a paired comparison within each face), or train on "
                   "fakes made without the up-sampling.")


def strength_reading(table, diffs) -> str:
    """Artefact strength (``table``: an ``error_rates_by`` table of fakes by strength bin;
    ``diffs``: its rows of ``rate_differences``), the one factor meant to make fakes easier to
    catch: what this run shows of it, by the chapter's rule (a difference whose interval
    includes zero cannot tell two bins apart)."""
    rates = ", ".join(f"{r['error_rate']:.3f} ({r['strength']})" for _, r in table.iterrows())
    said = (f"Artefact strength is the generator's own setting for how visible a manipulation "
            f"is; the fakes' error rate by bin: {rates}. ")
    fell = [r for _, r in diffs.iterrows() if _shown(r) and r["difference"] < 0]
    rose = [r for _, r in diffs.iterrows() if _shown(r) and r["difference"] > 0]
    if fell and not rose:
        return said + ("At least one stronger bin is shown to fool the model less often: "
                       "stronger artefacts were easier to catch on this split.")
    if rose and not fell:
        return said + ("A stronger bin is shown to fool the model more often, against what "
                       "the setting means: stronger artefacts were harder to catch here.")
    if rose:
        return said + ("Some stronger bins are shown to fool the model more often and some "
                       "less: no trend with strength is shown.")
    ends = diffs[(diffs["value"] == table["strength"].iloc[-1])
                 & (diffs["against"] == table["strength"].iloc[0])]
    span = (f" (strongest minus weakest: {_interval(ends.iloc[0])})" if len(ends) else "")
    return said + (f"Every interval of a difference between bins includes zero{span}: this "
                   "split cannot tell the bins apart, so it cannot say whether stronger "
                   "artefacts are easier to catch, as the setting would have them.")


_NUISANCES = {"blurred": "blur applied", "shadowed": "cast shadow", "noisy": "sensor noise"}


def overlap_example(tables: dict, diffs) -> str:
    """The first difference whose interval excludes zero although the two rows' own intervals
    (``tables``: factor -> its ``error_rates_by`` table, the factor's column second) overlap,
    or "" where the run has none; one that holds allowing for all the differences compared
    first."""
    for _, r in sorted(diffs.iterrows(), key=lambda row: not _holds(row[1])):
        table = tables.get(r["factor"])
        if table is None or not _shown(r):
            continue
        column, rows = table.columns[1], table[table["class"] == r["class"]]
        a = rows[rows[column].astype(str) == str(r["value"])]
        b = rows[rows[column].astype(str) == str(r["against"])]
        if len(a) != 1 or len(b) != 1:
            continue
        a, b = a.iloc[0], b.iloc[0]
        if max(a["low"], b["low"]) <= min(a["high"], b["high"]):
            kind = "real faces" if r["class"] == "real" else "fakes"
            said = (f"The {r['factor']} rows of the {kind} show why rows are compared by their "
                    f"difference: their own intervals overlap ({r['value']}: {a['low']:.3f} to "
                    f"{a['high']:.3f}; {r['against']}: {b['low']:.3f} to {b['high']:.3f}), "
                    f"yet the interval of the difference, {_interval(r)}, excludes zero.")
            if not _holds(r):
                said += (f" (The lesson is about overlap: as one of the {len(diffs)} "
                         "differences compared, this one is a suggestion only.)")
            return said
    return ""


def five_pictures(misses, diffs, results=None) -> str:
    """The nuisance most of the pictured errors (``misses``: their results rows) carried,
    against how many test images (``results``, when given) carry it, so that "4 of 5" is read
    against its base rate, and against what the counts (``diffs``) show for it; then every other
    nuisance whose counts do show a difference, with how often the pictures hold it against
    its base rate (at least twice as often: the pictures pointed the right way).
    "" where no nuisance is recorded."""
    counts = {c: int((misses[c] == "yes").sum()) for c in _NUISANCES if c in misses}
    if not counts or max(counts.values()) == 0:
        return ""
    n = len(misses)

    def base(column: str) -> str:
        if results is None or column not in results:
            return ""
        carry = int((results[column] == "yes").sum())
        return (f"{carry} of the {len(results)} test images carry it, so about "
                f"{n * carry / len(results):.1f} of {n} would by chance")

    def shown_in(column: str) -> list[str]:
        rows = diffs[diffs["factor"] == _NUISANCES[column]]
        return ["real faces" if r["class"] == "real" else "fakes"
                for _, r in rows.iterrows() if _shown(r)]

    def show(column: str) -> str:
        """'do show' or, where a shown difference does not hold once all are allowed for,
        'suggest'."""
        rows = diffs[diffs["factor"] == _NUISANCES[column]]
        held = all(_holds(r) for _, r in rows.iterrows() if _shown(r))
        return "do show" if held else f"suggest (one of the {len(diffs)} compared)"

    column = max(counts, key=counts.get)
    factor = _NUISANCES[column].replace(" applied", "")
    tied = sum(k == counts[column] for k in counts.values()) > 1
    lead = "no fewer than any other" if tied else "more than any other"
    said = f"Of the {n} errors pictured at the start, {counts[column]} carried {factor}, {lead} nuisance"
    said += f"; but {base(column)}. " if base(column) else ". "
    shown = shown_in(column)
    if not shown:
        said += ("The counts show no difference for it in either class: the pictures would "
                 "have suggested a cause that the counts do not support.")
    else:
        said += (f"The counts {show(column)} a difference for it among {' and '.join(shown)}, but "
                 "the pictures could not have told that: they have no unaffected faces to "
                 "compare with.")
    if results is None:
        return said
    for other in counts:
        if other == column or not shown_in(other) or other not in results:
            continue
        expected = n * float((results[other] == "yes").mean())
        name = _NUISANCES[other].replace(" applied", "")
        said += (f" {name[:1].upper()}{name[1:]}, on {counts[other]} of the {n} "
                 f"({base(other)}), is one the counts {show(other)}, among "
                 f"{' and '.join(shown_in(other))}: ")
        if counts[other] >= 2 * expected:  # pictured at least twice as often as by chance
            said += "there the pictures pointed the right way, which only the count could confirm."
        else:
            often = "less often than" if counts[other] < expected else "about as often as"
            said += (f"the pictures hold it {often} chance would, so they would not have "
                     "singled it out.")
    return said


def shadow_claim(diffs, collapsed: bool) -> str:
    """What this run's shadow counts (rows ``cast shadow`` of ``diffs``) say about the paper's
    claim that shadows were a common cause of its errors: support only where a class's
    difference excludes zero with more errors, and never for the paper's own data."""
    rows = diffs[diffs["factor"] == "cast shadow"]
    if rows.empty:
        return ""
    kinds = {"real": ("real faces", "called fake"), "fake": ("fakes", "called real")}
    up = [r for _, r in rows.iterrows() if _shown(r) and r["difference"] > 0]
    down = [r for _, r in rows.iterrows() if _shown(r) and r["difference"] < 0]
    if collapsed:
        return ("Model 1 collapsed to one answer, so this run's shadow counts say nothing "
                "about the paper's shadow claim.")
    if up:  # the direction first, then whether it holds by the chapter's rule
        parts = []
        for r in up:
            kind, called = kinds[r["class"]]
            part = (f"shadowed {kind} were {called} more often ({r['rate']:.3f} against "
                    f"{r['rate_against']:.3f}, {_interval(r)})")
            if _holds(r):
                part += f", and that holds allowing for all {len(diffs)} comparisons"
            else:
                wider = f" ({_strict(r)})" if _strict(r) else ""
                part += (f", but allowing for all {len(diffs)} comparisons (the chapter's "
                         f"rule) the interval includes zero{wider}: a suggestion only")
            parts.append(part)
        quiet = [kinds[c][0] for c in kinds if c in set(rows["class"])
                 and c not in {r["class"] for r in up + down}]
        rest = (f" Among {quiet[0]} the difference is within chance." if quiet else "")
        rest += "".join(f" Shadowed {kinds[r['class']][0]} were {kinds[r['class']][1]} less "
                        f"often ({_interval(r)})." for r in down)
        if len(up) == 2:
            push = "shadows raising errors in both classes"
        else:
            push = ("shadows pushing real faces towards 'fake'" if up[0]["class"] == "real"
                    else "shadows pushing fakes towards 'real'")
        return (f"On this run {'; '.join(parts)}.{rest} At most this speaks of {push}, on "
                "the synthetic set: it does not show that shadows caused the paper's errors, "
                "on its own data.")
    if down:
        said = "; ".join(f"shadowed {kinds[r['class']][0]} were {kinds[r['class']][1]} less "
                         f"often ({_interval(r)})" for r in down)
        return (f"On this run shadows went with fewer errors, not more: {said}. That does "
                "not support the paper's shadow claim on the synthetic set, and says nothing "
                "of its own data.")
    return ("On this run neither class shows a shadow difference: the count does not support "
            "the paper's shadow claim on the synthetic set, nor does it refute it, and it "
            "says nothing of the paper's own data.")


def heatmap_reading(share, y, wrong, area: float) -> str:
    """Where this run's Grad-CAM heat lies (``share``: each test image's share of its heat on
    the inner face, NaN for an all-zero heatmap, as the chapter's cell computes it; ``y``: its
    class, 1 fake; ``wrong``: whether it was misclassified; ``area``: the inner face's share
    of the image), conclusion first in three sentences, the shares in a small table. The
    face's average share of the heat is read against ``area``, what heat spread evenly would
    give it ('about' within 10% of it either way); hits and misses are compared within each
    class only, as the misses' class mix differs from the hits'."""
    area = float(area)
    y, wrong = np.asarray(y), np.asarray(wrong, bool)
    share = np.asarray(share, float)
    kept = ~np.isnan(share)
    classes = ((0, "real faces"), (1, "fakes"))
    cells = {}
    for cls, kind in classes:
        hit, miss = (kept & (y == cls) & (wrong == w) for w in (False, True))
        if hit.any() and miss.any():
            cells[kind] = (float(share[hit].mean()), int(hit.sum()),
                           float(share[miss].mean()), int(miss.sum()))
    if not cells:
        return ""
    blank = int((~kept).sum())
    left = f" ({blank} all-zero heatmap{'s' if blank > 1 else ''} left out)" if blank else ""
    means = {kind: (float(np.nanmean(share[kept & (y == cls)])), int((kept & (y == cls)).sum()))
             for cls, kind in classes if (kept & (y == cls)).any()}
    verdict = {k: "less" if m < 0.9 * area else "more" if m > 1.1 * area else "about"
               for k, (m, _) in means.items()}
    words = {"less": "less heat than its area alone would", "more": "more heat than its area "
             "alone would", "about": "about its area's share"}
    if len(set(verdict.values())) == 1:
        gets = (f"{words[next(iter(verdict.values()))]}"
                + (" in both classes" if len(verdict) > 1 else ""))
    else:
        gets = " and ".join(f"{words[v]} among {k}" for k, v in verdict.items())
    said = (f"Over all {int(kept.sum())} test images{left}, the inner face (outlined above; "
            f"{area:.2f} of the image's area, the share heat spread evenly would give it) "
            f"gets {gets} (its average share in the table below). ")
    if verdict.get("fakes") == "less":
        said += ("Among fakes the evidence for 'fake' lay around the face (hair, background, "
                 "border): a shortcut this synthetic set could allow, or real evidence in a "
                 "gan fake's up-sampled background; only a test (say, replacing the "
                 "backgrounds) could tell the two apart. ")
    if verdict.get("real faces") == "less":
        said += ("Most real faces were called real, so their heat marks what little pushed "
                 "towards 'fake', not why they were called real: that little lay around the "
                 "face more than on it. ")
    if "more" in verdict.values():
        said += ("Where it gets more, the evidence lay on the face, where a face swap's seam "
                 "and up-sampled detail are, as far as a heatmap can show. ")
    if set(verdict.values()) == {"about"}:
        said += "The heatmaps single out neither the face nor its surroundings. "
    gaps = ", ".join(f"{kind} {m - h:+.2f}" for kind, (h, _, m, _) in cells.items())
    said += (f"Hits and misses were not tested against each other: the gaps in the table "
             f"(misses minus hits: {gaps}) have no interval, so they could go either way.")
    lines = ["| heat on the inner face | all (n) | hits (n) | misses (n) |", "|---|---|---|---|"]
    for cls, kind in classes:
        if kind not in means:
            continue
        m, n = means[kind]
        shown = []
        for w in (False, True):
            part = kept & (y == cls) & (wrong == w)
            shown.append(f"{share[part].mean():.2f} ({int(part.sum())})" if part.any() else "–")
        lines.append(f"| {kind} | {m:.2f} ({n}) | {shown[0]} | {shown[1]} |")
    return said + "\n\n" + "\n".join(lines)
