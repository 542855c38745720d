"""Chapter 07's sentences: what this run's error counts can and cannot say."""

from __future__ import annotations


def collapse_warning(recall: float, specificity: float) -> str:
    """The warning for a Model 1 that called (nearly) every test face one class: the tables
    below then describe that one answer, not failure modes."""
    answer = "fake" if recall > specificity else "real"
    return (f"In this run Model 1 called (nearly) every test face {answer} at this "
            "threshold: it collapsed to one answer, so (nearly) all of one class is "
            "wrong and (nearly) none of the other. The class comparison and the "
            "factor tables below then describe that one answer, not failure modes "
            "the model learned.")


def _shown(row) -> bool:
    """Whether a difference's interval excludes zero."""
    return bool(row["low"] > 0 or row["high"] < 0)


def _interval(row) -> str:
    return f"{row['difference']:+.3f} ({row['low']:+.3f} to {row['high']:+.3f})"


def _method(row) -> str:
    """How the row's interval was made (``rate_differences``' method column, when present)."""
    if row.get("method") == "Newcombe":
        return "Newcombe's interval, from each row's Wilson interval in identities"
    return "its interval resampling identities"


def family_reading(row, rows_overlap: bool, collapsed: bool) -> str:
    """The two families compared by the interval of their difference (``row``: one row of
    ``error_analysis.rate_differences``), set against what the overlap of the two rows' own
    intervals (``rows_overlap``) would suggest."""
    said = (f"In this run {row['value']} fakes were wrong at {row['rate']:.3f} and "
            f"{row['against']} fakes at {row['rate_against']:.3f}: {row['value']} minus "
            f"{row['against']} is {_interval(row)} ({_method(row)}). ")
    if _shown(row):
        harder = row["value"] if row["difference"] > 0 else row["against"]
        said += (f"It excludes zero: on this test split {harder} fakes fool the model more "
                 "often" + (", although the two rows' own intervals overlap: overlap alone "
                            "would have hidden it." if rows_overlap else "."))
    else:
        said += ("It includes zero: this test split cannot tell the two families apart, "
                 "which does not show that they are alike.")
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
    lines = ["| factor | class | error rate | difference (95% interval) |",
             "|---|---|---|---|"]
    for _, r in shown.iterrows():
        lines.append(f"| {r['factor']} | {r['class']} | {r['rate_against']:.3f} → "
                     f"{r['rate']:.3f} ({r['against']} → {r['value']}) | {_interval(r)} |")
    said = (f"In this run {len(shown)} of the {n} differences within a class have an "
            "interval that excludes zero (were no factor to matter, about "
            f"{n / 20:.1f} would by chance at the 95% level):\n\n" + "\n".join(lines) + "\n\n")
    sentences = []
    for key, rows in shown.groupby(["factor", "value", "against"], sort=False):
        sentences.append(_direction(*key, dict(zip(rows["class"], rows["difference"]))))
    quiet = [f for f in dict.fromkeys(diffs["factor"]) if f not in set(shown["factor"])]
    if quiet:
        listed = ", ".join(quiet[:-1]) + " or " + quiet[-1] if len(quiet) > 1 else quiet[0]
        sentences.append(f"No difference is shown for {listed}.")
    if collapsed:
        sentences.append("Model 1 collapsed to one answer, so such a difference is that "
                         "answer's pattern, not a failure mode.")
    return said + " ".join(sentences)


def blur_hypothesis(diffs) -> str:
    """A hedged reading of blurred real faces called fake more often (the fakes of the
    synthetic set are rendered small and up-sampled, so soft), or "" where not shown."""
    row = diffs[(diffs["factor"] == "blur applied") & (diffs["class"] == "real")
                & (diffs["value"] == "yes")]
    if row.empty or not row.iloc[0]["low"] > 0:
        return ""
    r = row.iloc[0]
    return (f"One effect has an obvious hypothesis: blurred real faces were "
            f"called fake at {r['rate']:.3f} against {r['rate_against']:.3f} for sharp ones, "
            "and this set's fakes are rendered small and up-sampled, so they lack fine detail "
            "as a blurred face does. The model may have learned 'soft means fake'. This count "
            "does not show it: testing it would take, say, sharp fakes or blurred training "
            "faces of both classes.")


def strength_reading(table, diffs) -> str:
    """Artefact strength (``table``: an ``error_rates_by`` table of fakes by strength bin;
    ``diffs``: its rows of ``rate_differences``), the one factor meant to make fakes easier to
    catch: what this run shows of it."""
    rates = ", ".join(f"{r['error_rate']:.3f} ({r['strength']})" for _, r in table.iterrows())
    first, last = table["error_rate"].iloc[0], table["error_rate"].iloc[-1]
    said = (f"Artefact strength is the generator's own setting for how visible a manipulation "
            f"is; the fakes' error rate by bin: {rates}. ")
    fell = [r for _, r in diffs.iterrows() if _shown(r) and r["difference"] < 0]
    if fell:
        return said + ("At least one stronger bin is shown to fool the model less often: "
                       "stronger artefacts were easier to catch on this split.")
    trend = "lower" if last < first else "not lower"
    return said + (f"The strongest bin's rate is {trend} than the weakest's, and no difference "
                   "shows stronger artefacts fooling the model less often: this split cannot "
                   "say whether they are easier to catch.")
