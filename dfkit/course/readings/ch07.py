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


def family_reading(row, rows_overlap: bool, collapsed: bool) -> str:
    """The two families compared by the interval of their difference (``row``: one row of
    ``error_analysis.rate_differences``), set against what the overlap of the two rows' own
    intervals (``rows_overlap``) would wrongly suggest."""
    said = (f"In this run {row['value']} fakes were wrong at {row['rate']:.3f} and "
            f"{row['against']} fakes at {row['rate_against']:.3f}: a difference, with its "
            f"interval resampling identities, of {_interval(row)}. ")
    if _shown(row):
        harder = row["value"] if row["difference"] > 0 else row["against"]
        said += (f"It excludes zero: on this test split {harder} fakes fool the model more "
                 "often" + (", although the two rows' own intervals overlap." if rows_overlap
                            else "."))
    else:
        said += ("It includes zero: this test split cannot tell the two families apart, "
                 "which does not show that they are alike.")
    if collapsed:
        said += (" Model 1 collapsed to one answer, so any gap is that answer's pattern, "
                 "not a failure mode.")
    return said


def difference_verdict(diffs, collapsed: bool) -> str:
    """Which differences within a class (rows of ``rate_differences`` with a ``factor``
    column) exclude zero, how many could by chance, and, for a factor compared in both
    classes, which way it pushed the scores."""
    n = len(diffs)
    shown = [r for _, r in diffs.iterrows() if _shown(r)]
    if not shown:
        return (f"In this run none of the {n} differences within a class has an interval "
                "that excludes zero: this test split shows no factor changing the error "
                "rate, which does not show that none does.")
    items = "; ".join(f"{r['factor']}, {r['class']} faces: {r['rate']:.3f} ({r['value']}) "
                      f"against {r['rate_against']:.3f} ({r['against']}), difference "
                      + _interval(r) for r in shown)
    said = (f"In this run {len(shown)} of the {n} differences within a class have an "
            f"interval that excludes zero (were no factor to matter, about {n / 20:.1f} "
            f"would by chance at the 95% level): {items}.")
    done = set()
    for r in shown:
        key = (r["factor"], r["value"], r["against"])
        pair = diffs[(diffs["factor"] == key[0]) & (diffs["value"] == key[1])
                     & (diffs["against"] == key[2])].set_index("class")
        if key in done or set(pair.index) != {"real", "fake"}:
            continue
        done.add(key)
        real, fake = pair.loc["real"], pair.loc["fake"]
        change = (f"real faces {real['rate_against']:.3f} to {real['rate']:.3f}, fakes "
                  f"{fake['rate_against']:.3f} to {fake['rate']:.3f}")
        loose = [c for c, r in (("real faces'", real), ("fakes'", fake)) if not _shown(r)]
        within = (f"; the {loose[0]} difference alone is within chance" if loose else "")
        what = f" {key[0][:1].upper()}{key[0][1:]} ({key[1]} rather than {key[2]}: {change}{within})"
        if real["difference"] > 0 > fake["difference"]:
            said += (what + " pushed scores towards 'fake' (more real faces called fake, "
                     "fewer fakes called real), not towards errors in general.")
        elif real["difference"] < 0 < fake["difference"]:
            said += (what + " pushed scores towards 'real' (fewer real faces called fake, "
                     "more fakes called real), not towards errors in general.")
        elif real["difference"] > 0 and fake["difference"] > 0:
            said += what + " went with more errors in both classes."
        elif real["difference"] < 0 and fake["difference"] < 0:
            said += what + " went with fewer errors in both classes."
    if collapsed:
        said += (" Model 1 collapsed to one answer, so such a difference is that answer's "
                 "pattern, not a failure mode.")
    return said
