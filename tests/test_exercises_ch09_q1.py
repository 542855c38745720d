"""Chapter 09's q1 refuses dfkit's own set_trainable_blocks however the answer reaches it, and
draws its cases from the instructor's secret."""

from __future__ import annotations

from dfkit.course import exercises
from dfkit.course.exercises import ch09
from dfkit.models import backbones


def _by_getattr(backbone, n):
    return getattr(backbones, "set_trainable_blocks")(backbone, n)  # noqa: B009 (the bypass)


def test_a_call_reached_by_getattr_is_refused_and_the_library_is_put_back():
    code = backbones.set_trainable_blocks.__code__
    status, message = ch09.q1.evaluate({"unfreeze_top": _by_getattr})
    assert status == "incorrect" and "hands the work to dfkit's set_trainable_blocks" in message
    assert backbones.set_trainable_blocks.__code__ is code  # restored after the check
    net = ch09._frozen_lite0()
    backbones.set_trainable_blocks(net, 1)  # and it works again
    assert net.trainable_weights


def test_the_cases_change_with_the_instructors_secret():
    public = ch09._cases()
    try:
        drawn = set()
        for secret in ("one", "two", "three", "four"):
            exercises.set_secret(secret)
            drawn.add(tuple(ch09._cases()))
    finally:
        exercises.set_secret(None)
    assert ch09._cases() == public and public[0] == 0 and 7 <= public[-1] <= 12
    assert len(drawn | {tuple(public)}) > 1


def _lazy_class(backbone, n):
    # the library, run when the checker reads the backbone (after the call, hostile review 18)
    library = getattr(backbones, "set_trainable_" + "blocks")

    class Lazy(type(backbone)):
        @property
        def trainable_weights(self):
            library(self, n)
            return super().trainable_weights

    backbone.__class__ = Lazy
    return backbone


def test_what_the_checker_reads_of_the_backbone_is_read_under_the_refusal():
    """unfreeze_top returns a Keras model, not plain data: the checker read its trainable
    weights after the refusal ended, so a class whose property calls the library earned the
    Lite0 cases. The backbone is now read while the library still refuses."""
    code = backbones.set_trainable_blocks.__code__
    status, message = ch09.q1.evaluate({"unfreeze_top": _lazy_class})
    assert status == "incorrect" and "hands the work to dfkit's set_trainable_blocks" in message
    assert backbones.set_trainable_blocks.__code__ is code


def test_q4s_answer_says_when_the_cap_stopped_the_probes_at_their_best():
    """Report 19: both probes peaked at their last epoch of the cap, and q4's answer read the
    gap without saying so; it now hedges the verdict with the run's epochs."""
    import pandas as pd

    rising = pd.DataFrame({"val_auc": [0.7, 0.8, 0.9]})
    stopped = pd.DataFrame({"val_auc": [0.7, 0.9, 0.8, 0.8, 0.8]})
    both = ch09._budget_note(rising, rising, 3)
    assert both.startswith("Both probes were at their best in their last epoch when the cap "
                           "of 3 stopped them")
    assert "without augmentation" in ch09._budget_note(rising, stopped, 3)
    assert ch09._budget_note(stopped, rising, 3).startswith("The probe was at its best")
    assert ch09._budget_note(stopped, stopped, 5) == ("The verdict holds at this budget (5 "
                                                       "epochs at most).")
    assert "without augmentation" in ch09._budget_note(rising, None, 3)


def test_q2s_why_explains_the_outcome_that_happened_not_the_prediction():
    """report_09 finding 2: a fixed 'why' argued for (b) when the run showed (a)."""
    up, even = (0.024, 0.008, 0.043), (0.01, -0.02, 0.04)
    status, message = ch09.q2.evaluate({"q2_prediction": "b", "fine_tune_gain": up})
    assert status == "incorrect" and ch09._WHY["a"] in message
    assert ch09._WHY["b"] not in message and ch09._WHY["c"] not in message
    status, message = ch09.q2.evaluate({"q2_prediction": "a", "fine_tune_gain": even})
    assert status == "incorrect" and ch09._WHY["b"] in message and ch09._WHY["a"] not in message
    status, message = ch09.q2.evaluate({"q2_prediction": "c", "fine_tune_gain": (-.03, -.05, -.01)})
    assert status == "correct" and ch09._WHY["c"] in message
