"""Chapter 07's sentences: what this run's error counts can and cannot say."""

from __future__ import annotations

from collections.abc import Sequence


def collapse_warning(recall: float, specificity: float) -> str:
    """The warning for a Model 1 that called (nearly) every test face one class: the tables
    below then describe that one answer, not failure modes."""
    answer = "fake" if recall > specificity else "real"
    return (f"In this run Model 1 called (nearly) every test face {answer} at this "
            "threshold: it collapsed to one answer, so (nearly) all of one class is "
            "wrong and (nearly) none of the other. The class comparison and the "
            "factor tables below then describe that one answer, not failure modes "
            "the model learned.")


def separation_verdict(separated: Sequence[str], collapsed: bool) -> str:
    """Which factor comparisons (``"blur (fake)"``) have intervals that do not overlap within a
    class; for a collapsed model, that a separation is its one answer's pattern."""
    if not separated:
        return "In this run every comparison within a class overlaps."
    caveat = (" Model 1 collapsed to one answer, so such a separation is that "
              "answer's pattern, not a failure mode." if collapsed else "")
    return ("In this run the intervals do not overlap, within a class, for: "
            + ", ".join(separated) + "." + caveat)
