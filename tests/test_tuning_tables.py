"""tuning.side_by_side and tuning.saved_epochs on made-up searches (no training)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from dfkit.training import tuning


class _Metrics:
    def __init__(self, values: dict):
        self.values = values

    def exists(self, name):
        return name in self.values

    def get_last_value(self, name):
        return self.values[name]


def _trial(trial_id, score, best_step=0, metrics=None, **hps):
    return SimpleNamespace(trial_id=trial_id, score=score, status="COMPLETED", best_step=best_step,
                           hyperparameters=SimpleNamespace(values=hps), metrics=_Metrics(metrics or {}))


def _tuner(*trials):
    by_id = {t.trial_id: t for t in trials}

    def best(n):
        return sorted(by_id.values(), key=lambda t: -t.score)[:n]

    return SimpleNamespace(oracle=SimpleNamespace(trials=by_id, get_best_trials=best))


def test_the_same_draws_line_up_under_their_trial_ids_not_row_numbers():
    recall = _tuner(_trial("0", 0.7, lr=0.1, blocks=3), _trial("1", 0.8, lr=0.2, blocks=3),
                    _trial("2", 0.9, lr=0.3, blocks=2))
    auc = _tuner(_trial("0", 0.95, lr=0.1, blocks=3), _trial("1", 0.6, lr=0.2, blocks=3),
                 _trial("2", 0.8, lr=0.3, blocks=2))
    side = tuning.side_by_side({"val_recall": recall, "val_auc": auc})
    assert list(side.index) == ["2", "1", "0"] and side.index.name == "trial"  # the first search's order
    assert list(side.columns) == ["val_recall", "val_auc", "kept by", "lr", "blocks"]
    assert side.loc["2", "kept by"] == "val_recall" and side.loc["0", "kept by"] == "val_auc"
    assert side.loc["1", "kept by"] == "" and side.loc["0", "val_auc"] == 0.95


def test_a_draw_kept_by_every_search_and_draws_only_one_search_trained():
    first = _tuner(_trial("0", 0.9, lr=0.1), _trial("1", 0.5, lr=0.2))
    second = _tuner(_trial("0", 0.8, lr=0.1), _trial("1", 0.7, lr=0.4), _trial("2", 0.1, lr=0.2))
    side = tuning.side_by_side({"a": first, "b": second})
    assert side.loc["0", "kept by"] == "both"
    three = tuning.side_by_side({"a": first, "b": second, "c": first})
    assert three.loc["0", "kept by"] == "all"
    assert np.isnan(side.loc["1", "a"]) and side.loc["1", "b"] == 0.7  # lr 0.4: only b drew it
    assert side.loc["1/2", "a"] == 0.5 and side.loc["1/2", "b"] == 0.1  # one draw, two ids


def test_saved_epochs_reads_the_kept_trials_epoch_and_metrics():
    recall = _tuner(_trial("0", 0.98, best_step=2, metrics={"val_recall": 0.98, "val_auc": 0.7}),
                    _trial("1", 0.5, best_step=0, metrics={"val_recall": 0.5, "val_auc": 0.9}))
    auc = _tuner(_trial("0", 0.93, best_step=8, metrics={"val_recall": 0.9, "val_auc": 0.93}))
    saved = tuning.saved_epochs({"val_recall": recall, "val_auc": auc})
    assert saved.loc["val_recall", "epoch saved"] == 3 and saved.loc["val_auc", "epoch saved"] == 9
    assert saved.loc["val_recall", "val_auc"] == pytest.approx(0.7)
    assert saved.loc["val_auc", "trial"] == "0" and saved.index.name == "search"


def test_saved_epochs_adds_the_exact_roc_auc_of_each_kept_model_on_validation():
    """A reader's catch: Keras's 200-threshold AUC gave one saved model 0.571 on validation
    where its probabilities, all within 0.01 of 0.5, rank the faces at an exact 0.636."""
    recall = _tuner(_trial("0", 0.98, best_step=0, metrics={"val_recall": 0.98, "val_auc": 0.5}))
    labels = np.array([0, 0, 1, 1])
    val = SimpleNamespace(labels=labels, shuffle=False)
    model = SimpleNamespace(predict=lambda data, verbose=0: np.array([0.501, 0.503, 0.502,
                                                                      0.504]))
    saved = tuning.saved_epochs({"val_recall": recall}, val=val,
                                models={"val_recall": model})
    assert saved.loc["val_recall", "roc_auc"] == pytest.approx(0.75)  # 3 of 4 pairs in order
    assert saved.loc["val_recall", "val_auc"] == 0.5  # what Keras logged, kept beside it
    assert "roc_auc" not in tuning.saved_epochs({"val_recall": recall})


def test_space_table_and_narrow_make_the_chapters_tables():
    import keras_tuner as kt

    hp = kt.HyperParameters()
    hp.Int("conv_blocks", 2, 4, default=3)
    hp.Choice("kernel_size", [3, 5], default=3)
    hp.Float("learning_rate", 1e-4, 1e-2, sampling="log", default=1e-3)
    hp.Float("dropout", 0.0, 0.5, step=0.1, default=0.2)
    hp.Int("filters_0", 16, 128, step=16, default=32)
    space = tuning.space_table(hp)
    # report_05 finding 5: the dropout row showed a top value the tuner never draws
    assert space["values"].tolist() == ["2 to 4, step 1", [3, 5],
                                        "0.0001 to 0.01, log-uniform",
                                        "0.0 to 0.5, step 0.1 (draws 0 to 0.4: 5 values)",
                                        "16 to 128, step 16"]
    assert space["default"].tolist() == ["3", "3", "0.001", "0.2", "32"]
    trials = pd.DataFrame({"trial": ["1", "0"], "score": [0.91234, 0.8], "status": "COMPLETED",
                           "conv_blocks": [3, 2], "filters_0": [64, 32],
                           "learning_rate": [0.000678, 0.00123]})
    narrow = tuning.narrow(trials)
    assert list(narrow.columns) == ["score", "blocks", "f0", "lr"]
    assert list(narrow.index) == ["1", "0"] and narrow.loc["1", "score"] == 0.912
    assert narrow.loc["1", "lr"] == 0.00068
    failed = tuning.narrow(trials.assign(status=["COMPLETED", "FAILED"]))
    assert "status" in failed  # kept where a trial did not complete


def test_draws_repeat_a_seeds_trials_without_training():
    """A reader's catch: three trials drew the same architecture and nothing let a student
    check that it was the seed's draws; Keras Tuner also builds once when the tuner is made,
    declaring the default space, so trial 0 draws every value (it is not the defaults)."""
    import keras_tuner as kt

    def build(hp):
        blocks = hp.Int("blocks", 1, 3, default=1)
        for i in range(blocks):
            hp.Int(f"filters_{i}", 8, 64, step=8, default=8)
        hp.Float("lr", 1e-4, 1e-2, sampling="log", default=1e-3)

    first = tuning.draws(build, seed=42, trials=4)
    assert first.equals(tuning.draws(build, seed=42, trials=4))
    assert not first.equals(tuning.draws(build, seed=7, trials=4))
    assert list(first.index) == ["0", "1", "2", "3"]
    assert first.loc["0", "lr"] != 1e-3  # trial 0 draws too
    # what Keras Tuner's own search draws with that seed (no training: a trivial model)
    oracle = kt.oracles.RandomSearchOracle(objective=tuning.objective(), max_trials=4, seed=42)
    hp = kt.HyperParameters()
    build(hp)
    oracle.update_space(hp)
    assert oracle.populate_space("0")["values"] == {
        k: v for k, v in first.loc["0"].dropna().items() if k in oracle.get_space().values}
