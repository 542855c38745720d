"""Self-test cases of dfkit.course.exercises.ch09: right answers pass, typical wrong ones fail."""

from __future__ import annotations

import keras


def _unfreeze_right(backbone, n):
    top = {f"block{i:02d}" for i in range(16 - n, 16)} | ({"top"} if n else set())
    for layer in backbone.layers:
        layer.trainable = (layer.name.split("_")[0] in top
                           and not isinstance(layer, keras.layers.BatchNormalization))
    return backbone


def _unfreeze_with_bn(backbone, n):
    top = {f"block{i:02d}" for i in range(16 - n, 16)} | ({"top"} if n else set())
    for layer in backbone.layers:
        layer.trainable = layer.name.split("_")[0] in top
    return backbone


def _unfreeze_bottom(backbone, n):
    first = {f"block{i:02d}" for i in range(n)}
    for layer in backbone.layers:
        layer.trainable = (layer.name.split("_")[0] in first
                           and not isinstance(layer, keras.layers.BatchNormalization))
    return backbone


def _unfreeze_unpadded(backbone, n):
    """The natural f"block{15 - k}" misses the zero padding: wrong from n = 7 on (block9_)."""
    top = {f"block{15 - k}" for k in range(n)} | ({"top"} if n else set())
    for layer in backbone.layers:
        layer.trainable = (layer.name.split("_")[0] in top
                           and not isinstance(layer, keras.layers.BatchNormalization))
    return backbone


def _unfreeze_no_return(backbone, n):
    _unfreeze_right(backbone, n)


PROBE = {"test ROC-AUC": 0.70, "95% interval": (0.62, 0.77), "test balanced accuracy": 0.64}
UP = {"test ROC-AUC": 0.75, "95% interval": (0.68, 0.81), "test balanced accuracy": 0.68}
SAME = {"test ROC-AUC": 0.71, "test balanced accuracy": 0.65}
DOWN = {"test ROC-AUC": 0.62, "test balanced accuracy": 0.58}



def _q2(prediction: str, tuned: dict) -> dict:
    return {"q2_prediction": prediction, "probe_longer_scores": PROBE, "tuned_scores": tuned}


CASES = {
    "q1": {
        "right": [lambda: {"unfreeze_top": _unfreeze_right}],
        "wrong": [lambda: {"unfreeze_top": _unfreeze_with_bn},
                  lambda: {"unfreeze_top": _unfreeze_bottom},
                  lambda: {"unfreeze_top": _unfreeze_unpadded},
                  lambda: {"unfreeze_top": _unfreeze_no_return}],
    },
    "q2": {
        "right": [lambda: _q2("a", UP), lambda: _q2("b", SAME), lambda: _q2("C", DOWN)],
        "wrong": [lambda: _q2("a", SAME), lambda: _q2("b", DOWN), lambda: _q2("z", UP)],
    },
    "q3": {
        "right": [lambda: {"q3_answer": "c"}],
        "wrong": [lambda: {"q3_answer": "a"}, lambda: {"q3_answer": "b"},
                  lambda: {"q3_answer": "d"}],
    },
    "q4": {
        "right": [lambda: {"augmentation_gain": 0.04, "noaug_scores": SAME, "probe_scores": UP},
                  lambda: {"augmentation_gain": 0.01, "noaug_scores": PROBE,
                           "probe_scores": SAME}],
        "wrong": [lambda: {"augmentation_gain": -0.04, "noaug_scores": SAME, "probe_scores": UP},
                  lambda: {"augmentation_gain": 0.2, "noaug_scores": SAME, "probe_scores": UP},
                  lambda: {"augmentation_gain": 0.04, "noaug_scores": 0.71, "probe_scores": UP}],
    },
    "q5": {
        "right": [lambda: {"probe_weights": 1281}],
        "wrong": [lambda: {"probe_weights": 1280}, lambda: {"probe_weights": 4_694_024},
                  lambda: {"probe_weights": 1}, lambda: {"probe_weights": 2561}],
    },
}
