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
    namespace = {"__name__": "__main__"}
    exec(compile(GRADED, "/tmp/ipykernel_0/cell.py", "exec"), namespace)
    with pytest.raises(Incorrect, match="searches for the prevalence"):
        ch10.q2.checker(namespace["halving"])

GRADED = '''
import statistics

import numpy as np


def formula(recall, specificity):
    r, s = np.asarray(recall, float), np.asarray(specificity, float)
    out = (1 - s) / (r + 1 - s)
    return out if np.ndim(recall) else float(out)


def with_a_library_loop(recall, specificity):
    statistics.mean(range(200))
    return formula(recall, specificity)


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


def untraced(recall, specificity):
    import sys
    sys.settrace(None)
    return halving(recall, specificity)
'''


def test_a_search_loop_is_refused_when_graded_too(tmp_path):
    """The loop count ran only in the student's kernel: when graded (the sandbox's proxy) a
    hand-written halving loop naming no solver was marked correct (fix-y's note). The
    sandbox counts the notebook's lines now, and reports the largest count."""
    from dfkit.course.grading import capture
    from dfkit.course.grading.limits import Limits
    from dfkit.course.grading.sandbox import RemoteObject, Sandbox

    namespace = {"__name__": "__main__"}
    exec(compile(GRADED, "/tmp/ipykernel_0/cell.py", "exec"), namespace)
    sandbox = Sandbox(tmp_path / "box", Limits(call_seconds=60))
    verdicts = {}
    try:
        for name in ("formula", "with_a_library_loop", "halving", "untraced"):
            remote = RemoteObject(sandbox, sandbox.load(
                capture.value_tree(namespace[name])["value"]))
            for where, fn in (("kernel", namespace[name]), ("graded", remote)):
                try:
                    ch10.q2.checker(fn)
                    verdicts[name, where] = "passed"
                except Incorrect as exc:
                    verdicts[name, where] = str(exc)[:60]
    finally:
        sandbox.close()
    for name in ("formula", "with_a_library_loop"):
        assert verdicts[name, "kernel"] == verdicts[name, "graded"] == "passed"
    for where in ("kernel", "graded"):
        assert "searches for the prevalence" in verdicts["halving", where]
        assert "changes Python's tracing" in verdicts["untraced", where]
