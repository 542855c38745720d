"""Issue 24, item 7: tests that could not fail. The validation threshold's tie-break and
``ablation.train_and_score`` (mocked everywhere else) are tested here, each so that removing
or breaking the behaviour fails a test."""

from __future__ import annotations

import numpy as np
import pytest

from dfkit import config
from dfkit.data import dataset as data
from dfkit.evaluation import ablation, metrics


def test_validation_threshold_ties_go_to_the_one_nearest_one_half():
    """Two cuts reach the best balanced accuracy (0.75): 0.8 and 0.3; 0.3 is nearer 0.5.
    Without the tie-break the first (0.8) would be returned."""
    y = np.array([0, 1, 0, 1])
    p = np.array([0.2, 0.3, 0.7, 0.8])
    chosen = metrics.validation_threshold(y, p)
    assert chosen["value"] == pytest.approx(0.3)
    assert chosen["val_balanced_accuracy"] == pytest.approx(0.75)
    higher = metrics.validation_threshold(y, np.array([0.05, 0.1, 0.6, 0.65]))  # 0.65 and 0.1 tie
    assert higher["value"] == pytest.approx(0.65)  # the last tied cut would be 0.1


@pytest.fixture(scope="module")
def small_splits(synthetic_root):
    manifest, _ = data.scan(synthetic_root, verbose=False)
    return data.make_splits(manifest, seed=0)


def test_train_and_score_trains_for_real_and_scores_what_it_trained(small_splits, monkeypatch):
    """In process, no mock: the scores it returns are those of the model it built and trained,
    on each test frame in order, at 0.5 and at the validation threshold."""
    from dfkit.models import paper as models
    from dfkit.training.trainer import batches, predict

    built = []
    real_builder = models.builder

    def spy(kind):
        build = real_builder(kind)

        def record(**kwargs):
            model = build(**kwargs)
            built.append(model)
            return model
        return record

    monkeypatch.setattr(models, "builder", spy)
    profile = config.get_profile("ci")
    from dataclasses import replace
    profile = replace(profile, epochs=1, image_size=32)
    tests = {"test": small_splits.test, "val again": small_splits.val}
    scores = ablation.train_and_score("cnn", small_splits.train, small_splits.val, tests, profile,
                                      (0, 1, 2), seed=0)
    assert len(built) == 1 and set(scores) == set(tests)
    model = built[0]
    for name, frame in tests.items():
        stream = batches(frame, profile, "rgb")
        p = predict(model, stream)
        expected = metrics.summary(frame["y"].to_numpy(), p, 0.5)
        assert scores[name]["roc_auc"] == pytest.approx(expected["roc_auc"]), name
        assert scores[name]["recall"] == pytest.approx(expected["recall"]), name
    val = batches(small_splits.val, profile, "rgb")
    chosen = metrics.validation_threshold(val.labels, predict(model, val))["value"]
    assert scores["test"]["val_threshold"] == pytest.approx(chosen)
    at = metrics.summary(small_splits.test["y"].to_numpy(),
                         predict(model, batches(small_splits.test, profile, "rgb")), chosen)
    assert scores["test"]["at_val_threshold"]["recall"] == pytest.approx(at["recall"])
