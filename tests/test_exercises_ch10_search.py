"""ch10 q2 counts the notebook's own lines, not a library's, when it looks for a search."""

import statistics

import numpy as np
import pytest

from dfkit.course.exercises import Incorrect, ch10


def _formula(recall, specificity):
    r, s = np.asarray(recall, float), np.asarray(specificity, float)
    out = (1 - s) / (r + 1 - s)
    return out if np.ndim(recall) else float(out)


def test_a_library_that_loops_inside_an_honest_answer_is_not_a_search():
    """statistics.mean runs a line of its own once per item: counted as the answer's, an
    honest answer that calls it once per detector was refused as a search."""
    def honest(recall, specificity):
        statistics.mean(range(200))  # a library's loop, not a search by the answer
        return _formula(recall, specificity)

    ch10.q2.checker(honest)


def test_a_search_loop_in_the_notebook_is_still_refused():
    def halving(recall, specificity):
        r = np.atleast_1d(np.asarray(recall, float))
        s = np.atleast_1d(np.asarray(specificity, float))
        out = []
        for a, b in zip(r, s):
            lo, hi = 0.0, 1.0
            for _ in range(2000):
                mid = (lo + hi) / 2
                if mid * a / (mid * a + (1 - mid) * (1 - b)) < 0.5:
                    lo = mid
                else:
                    hi = mid
            out.append((lo + hi) / 2)
        return np.array(out) if np.ndim(recall) else float(out[0])

    with pytest.raises(Incorrect, match="searches for the prevalence"):
        ch10.q2.checker(halving)
