"""readings.ch07 on made-up numbers: each branch of the collapse and separation sentences."""

from __future__ import annotations

from dfkit.course.readings import ch07


def test_collapse_to_fake():
    said = ch07.collapse_warning(recall=1.0, specificity=0.004)
    assert "called (nearly) every test face fake at this threshold" in said


def test_collapse_to_real():
    said = ch07.collapse_warning(recall=0.008, specificity=0.996)
    assert "called (nearly) every test face real at this threshold" in said


def test_nothing_separated():
    assert ch07.separation_verdict([], collapsed=True) == (
        "In this run every comparison within a class overlaps.")


def test_separated_by_a_model_that_learned():
    said = ch07.separation_verdict(["blur (fake)", "JPEG quality (real)"], collapsed=False)
    assert said == ("In this run the intervals do not overlap, within a class, for: "
                    "blur (fake), JPEG quality (real).")


def test_separated_by_a_collapsed_model():
    said = ch07.separation_verdict(["blur (fake)"], collapsed=True)
    assert "for: blur (fake). Model 1 collapsed to one answer" in said
    assert said.endswith("not a failure mode.")
