"""readings.ch00 on made-up numbers: each branch of the blur and baseline sentences."""

from __future__ import annotations

import pandas as pd

from dfkit.course.exercises.ch00 import reference_scores
from dfkit.course.readings import ch00


def manifest(real_blur, fake_blur):
    return pd.DataFrame({"label": ["real"] * len(real_blur) + ["deepfake"] * len(fake_blur),
                         "blur_sigma": [*real_blur, *fake_blur]})


def test_blur_share_per_class_and_unit_at_a_smaller_size():
    said = ch00.blur_reading(manifest([0, 0, 1.2, 0], [0.5, 0, 0, 0]), image_size=64)
    assert said.startswith("In this run 25% of the images got the extra blur (25% of the real "
                           "faces, 25% of the fakes)")
    assert "pixels of a 128-px image" in said and "σ of 0.5 px" in said


def test_blur_unit_at_the_papers_size():
    said = ch00.blur_reading(manifest([0, 1.0], [0, 0]), image_size=128)
    assert "50% of the real faces, 0% of the fakes" in said
    assert "in their own pixels" in said and "128-px image" not in said


def test_blur_on_a_dataset_without_factors():
    said = ch00.blur_reading(pd.DataFrame({"label": ["real", "deepfake"]}), image_size=64)
    assert "records no nuisance factors" in said


def test_baseline_on_the_papers_test_set():
    said = ch00.baseline_reading(749, 1000, reference_scores)
    assert "749 real and 1,000 fake" in said
    assert "accuracy 0.572, recall 1.000 and F1 0.728" in said
    assert "0.748, 0.977 and 0.816" in said
    assert "*below* this do-nothing baseline's; its F1 is 0.088 above it" in said
    assert "its accuracy 0.176 above it" in said


def test_baseline_when_the_model_clears_nothing():
    weak = {"accuracy": 0.5, "recall": 1.0, "f1": 0.6}
    said = ch00.baseline_reading(100, 900, reference_scores, model=weak)
    assert "recall matches" in said and "F1 does not even reach it" in said
    assert "nothing that calling every face fake would not" in said


def test_baseline_comes_from_the_students_function_and_waits_for_q3():
    """The reading shows what the student's own always_fake_scores computes (a reader found the
    answer to q2 and q3 printed by the course's copy), and nothing until q3 passes."""
    said = ch00.baseline_reading(749, 1000, lambda r, f: (0.5, 0.25, 0.125))
    assert "accuracy 0.500, recall 0.250 and F1 0.125" in said
    waiting = ch00.baseline_reading(749, 1000, None)
    # the lesson that needs no answer stays (a reader missed it behind q3), the answers do not
    assert "0.977 (the paper's Table I), is below the 1.000" in waiting
    assert "once `q3.check()` passes" in waiting
    # "it finds every fake" read as Model 2 (a reader): the sentence names who finds what
    assert "such a detector finds every fake; Model 2 misses some" in waiting
    perfect = ch00.baseline_reading(749, 1000, None, {**ch00.MODEL_2, "recall": 1.0})
    assert "is equal to the 1.000" in perfect and "so does Model 2" in perfect
    assert "0.572" not in waiting and "0.728" not in waiting
    assert not hasattr(ch00, "always_fake_scores")  # no answer under the exercise's name


def test_the_summary_states_the_baseline_and_where_model_2_stands():
    """A reader who skipped q3 never saw the baseline's numbers (report_00b, finding 5): the
    summary, after the exercises, states them and Model 2's distance to each."""
    said = ch00.baseline_summary(749, 1000)
    assert "accuracy 0.572, recall 1.000 and F1 0.728" in said
    assert "0.176 above it in accuracy, 0.088 above it in F1 and 0.023 *below* it in recall" in said
    level = ch00.baseline_summary(749, 1000, {"accuracy": 0.5, "recall": 1.0, "f1": 0.9})
    assert "level with it in recall" in level and "*below* it in accuracy" in level


def test_split_reading_shares_and_images_per_group():
    sizes = pd.DataFrame({"real": [35, 5, 10], "deepfake": [35, 5, 10],
                          "groups": [7, 1, 2]}, index=["train", "val", "test"])
    faces = pd.DataFrame({"label": ["real", "deepfake"] * 50,
                          "group": [f"g{i // 10}" for i in range(100)]})
    said = ch00.split_reading(sizes, faces, image_size=64)
    assert said == ("This run: 100 images at 64×64 px, split 70% train / 10% validation / "
                    "20% test; a group holds 10 images on average (5 real, 5 fake).")


def test_factor_examples_one_blurred_and_one_not_per_kind_each_from_its_own_group():
    faces = pd.DataFrame({
        "file": [f"f{i}.png" for i in range(16)],
        "label": ["real"] * 8 + ["deepfake"] * 8,
        "group": [f"g{i % 4}" for i in range(16)],
        "family": ["none"] * 8 + ["gan"] * 8,
        "blur_sigma": [0.0, 1.0] * 8, "shadow": 0.0})
    shown = ch00.factor_examples(faces, seed=0)
    assert list(shown.columns) == ["file", "label", "group", "family", "blur_sigma", "shadow"]
    for _, kind in shown.groupby("label"):
        assert sorted(kind["blur_sigma"] > 0) == [False, True]
        assert kind["group"].is_unique
    plain = ch00.factor_examples(faces[["file", "label", "group"]], seed=0)
    assert list(plain.columns) == ["file", "label", "group"]
    assert plain["label"].value_counts().to_dict() == {"deepfake": 2, "real": 2}
