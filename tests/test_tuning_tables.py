"""tuning.side_by_side and tuning.saved_epochs on made-up searches (no training)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
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
