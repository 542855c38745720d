"""Right and wrong answers for chapter 04's exercises (read by tests/test_exercises.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def _callback(threshold=0.98, key="val_recall", strict=True, record=True, shift=0,
              in_a_row=2, reset=True):
    """The rule; ``record=False`` keeps no ``fired_epoch``, ``shift=1`` keeps it 1-based,
    ``in_a_row=1`` is the paper's one-epoch rule, ``reset=False`` never restarts the count."""
    import keras

    class Stop(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.count = 0
            if record:
                self.fired_epoch = None

        def on_epoch_end(self, epoch, logs=None):
            value = (logs or {}).get(key, 0)
            if value > threshold if strict else value >= threshold:
                self.count += 1
            elif reset:
                self.count = 0
            if self.count >= in_a_row:
                if record:
                    self.fired_epoch = epoch + shift
                self.model.stop_training = True

    return Stop


def _gamed_callback(kind):
    """Wrong answers a reviewer passed the old check with: a fixed epoch, the training recall."""
    import keras

    class Stop(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if epoch == 3 if kind == "epoch" else logs["recall"] < 0.6:
                self.model.stop_training = True

    return Stop


def _results(paper_auc, auc_auc):
    return pd.DataFrame({"rule": ["paper's rule"] * 2 + ["early stopping on val_auc"] * 2,
                         "roc_auc": [paper_auc - 0.01, paper_auc + 0.01, auc_auc, auc_auc]})


def _pattern_pick_q4():
    """q4 answered by pattern, not by the chain rule (report2_04, finding 1): the first
    option whose every ``W[...]`` appears in the prompt's forward formula. When only the key
    wrote ``W[j, i]`` as the prompt does, this picked it; now every option does."""
    import re

    from dfkit.course.exercises.ch04 import q4

    pick = [k for k, t in q4.options.items() if re.findall(r"W\[[^\]]+\]", t)
            and all(w in q4.prompt for w in re.findall(r"W\[[^\]]+\]", t))]
    return {"q4_answer": pick[0]}


def _model_and_val():
    """A tiny model with scores spread over (0, 1) and a validation stream of both classes."""
    import keras

    from dfkit.data.loader import ArrayBatches

    rng = np.random.default_rng(0)
    x = rng.random((40, 4), dtype=np.float32)
    y = (x[:, 0] > 0.5).astype(np.float32)
    keras.utils.set_random_seed(0)
    inputs = keras.Input((4,))
    model = keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid")(inputs * 4 - 2))
    return model, ArrayBatches(x, y, batch_size=8)


def _best_threshold(model, val):
    """The highest threshold whose validation recall is still at least 0.90 (the fakes'
    scores sorted: the one that leaves at most a tenth of them below it)."""
    from dfkit.training import trainer as training

    scores = training.predict(model, val).ravel()
    fakes = np.sort(scores[np.asarray(val.labels) == 1])
    return float(fakes[int(np.floor(0.1 * len(fakes) + 1e-9))])


def _q3(threshold=None, spec_shift=0.0, recall_shift=0.0, decimals=None, missed=None,
        typed=None):
    """q3's answers at ``threshold`` (the best one by default); ``missed``: a function of the
    validation fakes' scores, the threshold and the real faces' scores giving
    ``my_fakes_missed`` (by default, the fakes below the threshold); ``typed``: how the
    threshold was written into ``my_threshold`` (rounded from a print), the rest computed at
    the threshold itself."""
    from dfkit.training import trainer as training

    model, val = _model_and_val()
    threshold = _best_threshold(model, val) if threshold is None else threshold
    result = training.evaluate(model, val, threshold=threshold)
    spec, recall = result["specificity"] + spec_shift, result["recall"] + recall_shift
    if decimals is not None:
        spec, recall = round(spec, decimals), round(recall, decimals)
    scores = training.predict(model, val).ravel()
    labels = np.asarray(val.labels)
    fakes, reals = scores[labels == 1], scores[labels == 0]
    count = missed or (lambda f, t, r: int((f < t).sum()))
    return {"my_threshold": typed(threshold) if typed else threshold,
            "my_fakes_missed": count(fakes, threshold, reals),
            "my_specificity": spec, "my_recall": recall, "paper_model": model, "val": val}


def _rounded_up(threshold: float) -> float:
    """A threshold as a 4-decimal print shows it when the 5th decimal rounds it up."""
    return float(np.ceil(threshold * 1e4) / 1e4)


def _helper_threshold(model, val) -> float:
    """Chapter 06's helper, one call for the whole search (a reader passed q3 with it)."""
    from dfkit.evaluation import metrics
    from dfkit.training import trainer as training

    return metrics.threshold_for_recall(val.labels, training.predict(model, val), 0.90)


def _library_q3():
    """q3 the report-17d way, accepted by design: chapter 06's helper for the threshold and
    evaluate's ``fn`` for the missed fakes (the exercise reads the trade-off; the search is
    chapter 06's)."""
    from dfkit.training import trainer as training

    model, val = _model_and_val()
    threshold = _helper_threshold(model, val)
    result = training.evaluate(model, val, threshold=threshold)
    return {"my_threshold": threshold, "my_fakes_missed": result["fn"],
            "my_specificity": round(result["specificity"], 2),
            "my_recall": round(result["recall"], 2), "paper_model": model, "val": val}


def _wrapper_callback():
    """A reviewer's pass: a plain Callback that holds the course's rule and forwards to it."""
    import keras

    from dfkit.training import trainer

    class Stop(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.inner = trainer.RecallThresholdStop(0.98)

        def set_model(self, model):
            super().set_model(model)
            self.inner.set_model(model)

        def on_epoch_end(self, epoch, logs=None):
            self.inner.on_epoch_end(epoch, logs)

    return Stop


def _bypass_callback(kind):
    """A reviewer's passes of the attribute scan: the course's rule built afresh inside
    on_epoch_end, or kept one level deeper than a list or dict; and Keras' EarlyStopping."""
    import types

    import keras

    from dfkit.training import trainer

    if kind == "built in on_epoch_end":
        class Stop(keras.callbacks.Callback):
            def on_epoch_end(self, epoch, logs=None):
                inner = trainer.RecallThresholdStop()
                inner.set_model(self.model)
                inner.on_epoch_end(epoch, logs)
    elif kind == "nested":
        class Stop(keras.callbacks.Callback):
            def __init__(self):
                super().__init__()
                self.box = types.SimpleNamespace(inner=trainer.RecallThresholdStop())

            def on_epoch_end(self, epoch, logs=None):
                self.box.inner.set_model(self.model)
                self.box.inner.on_epoch_end(epoch, logs)
    else:
        class Stop(keras.callbacks.Callback):
            def on_epoch_end(self, epoch, logs=None):
                inner = keras.callbacks.EarlyStopping("val_recall", baseline=0.98)
                inner.set_model(self.model)
                if (logs or {}).get("val_recall", 0) > 0.98:
                    self.model.stop_training = True

    return Stop


def _notebook_callback(source: str, honest_globals: bool = False):
    """A ``MyRecallStop`` defined as a notebook cell defines it: ``source`` runs in a namespace
    holding what the chapter's cells leave there (``keras``, ``training``, the long cell's
    ``RULES`` dict of stop-rule factories and its last ``stop``)."""
    import keras

    from dfkit.training import trainer

    rules = {"paper's rule": lambda: trainer.RecallThresholdStop(0.98),
             "early stopping on val_auc":
                 lambda: trainer.early_stopping("val_auc", patience=3)}
    namespace = {"__name__": "__main__", "keras": keras, "training": trainer,
                 "RULES": rules, "stop": rules["early stopping on val_auc"](),
                 "rule": "early stopping on val_auc"}
    exec(source, namespace)  # noqa: S102 (the test's own text, as a notebook cell runs it)
    return namespace["MyRecallStop"]


# a reader's passes of the old check (report 17): the chapter's own RULES factory, held and
# forwarded to; the course's method borrowed as a class attribute; the same method pasted
NOTEBOOK_ROUTES = {
    "RULES factory": """
class MyRecallStop(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.rule = RULES["paper's rule"]()
    def on_epoch_end(self, epoch, logs=None):
        self.rule.set_model(self.model)
        self.rule.on_epoch_end(epoch, logs)
""",
    "RULES through a helper": """
def make_rule():
    return list(RULES.values())[0]()
class MyRecallStop(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        rule = make_rule()
        rule.set_model(self.model)
        rule.on_epoch_end(epoch, logs)
""",
    "borrowed method": """
class MyRecallStop(keras.callbacks.Callback):
    threshold, monitor = 0.98, "val_recall"
    on_epoch_end = training.RecallThresholdStop.on_epoch_end
""",
    # report 17c: the course's rule reached by a name built from strings, held or called
    # unbound (the static scan cannot see it; the refusal while the answer runs does)
    "getattr on a built name": """
class MyRecallStop(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.inner = getattr(training, "Recall" + "ThresholdStop")()
    def on_epoch_end(self, epoch, logs=None):
        self.inner.set_model(self.model)
        self.inner.on_epoch_end(epoch, logs)
""",
    "getattr, unbound method": """
class MyRecallStop(keras.callbacks.Callback):
    threshold, monitor, stopped_epoch = 0.98, "val_recall", None
    def on_epoch_end(self, epoch, logs=None):
        rule = getattr(training, "Recall" + "ThresholdStop")
        rule.on_epoch_end(self, epoch, logs)
""",
    "getattr, refusal caught": """
class MyRecallStop(keras.callbacks.Callback):
    threshold, monitor, stopped_epoch = 0.98, "val_recall", None
    def on_epoch_end(self, epoch, logs=None):
        try:
            getattr(training, "Recall" + "ThresholdStop").on_epoch_end(self, epoch, logs)
        except Exception:
            if (logs or {}).get("val_recall", 0) > 0.98:
                self.model.stop_training = True
""",
    "pasted method": """
class MyRecallStop(keras.callbacks.Callback):
    threshold, monitor = 0.98, "val_recall"
    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        value = (logs or {}).get(self.monitor)
        if value is not None and value > self.threshold:
            self.stopped_epoch = epoch + 1
            self.model.stop_training = True
""",
}
# honest callbacks written in a notebook where RULES and `stop` exist: an attribute named
# like a notebook global (`self.stop`, `self.rule`) is no use of it
HONEST_IN_NOTEBOOK = """
class MyRecallStop(keras.callbacks.Callback):
    def __init__(self, threshold=0.98):
        super().__init__()
        self.threshold, self.stop, self.rule = threshold, False, "val_recall"
        self.fired_epoch, self.above = None, []
    def on_epoch_end(self, epoch, logs=None):
        value = (logs or {}).get(self.rule, 0)
        self.above.append(value > self.threshold)
        self.stop = self.above[-2:] == [True, True]
        if self.stop:
            self.fired_epoch = epoch
            self.model.stop_training = True
"""
# the course's class, read with ?? and adapted to the new rule (a copy that needed a count
# kept across epochs, the part the exercise is about): right
ADAPTED_COPY = """
class MyRecallStop(keras.callbacks.Callback):
    def __init__(self, threshold: float = 0.98, monitor: str = "val_recall"):
        super().__init__()
        self.threshold, self.monitor = threshold, monitor
        self.fired_epoch: int | None = None
        self.streak = 0
    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        value = (logs or {}).get(self.monitor)
        if value is not None and value > self.threshold:
            self.streak += 1
        else:
            self.streak = 0
        if self.streak == 2:
            self.fired_epoch = epoch
            self.model.stop_training = True
"""
# report_04 (21), finding 1: the course's class pasted from ?? with two edits (stopped_epoch
# renamed fired_epoch, epoch + 1 made epoch) passed the one-epoch q1; it fires on the first
# epoch above 0.98, not the second in a row
REPORT_PASTE = """
class MyRecallStop(keras.callbacks.Callback):
    def __init__(self, threshold: float = 0.98, monitor: str = "val_recall"):
        super().__init__()
        self.threshold, self.monitor = threshold, monitor
        self.fired_epoch: int | None = None
    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        value = (logs or {}).get(self.monitor)
        if value is not None and value > self.threshold:
            self.fired_epoch = epoch
            self.model.stop_training = True
"""
# set up in on_train_begin, as fit calls it before the first epoch: right (final review of
# 2026-12-07: the check never called on_train_begin and refused it)
IN_TRAIN_BEGIN = """
class MyRecallStop(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.fired_epoch, self.last_above = None, False
    def on_epoch_end(self, epoch, logs=None):
        above = (logs or {}).get("val_recall", 0) > 0.98
        if above and self.last_above:
            self.fired_epoch = epoch
            self.model.stop_training = True
        self.last_above = above
"""
# report_04 (20) finding 2: the course's class copied with its stopped_epoch line deleted
# passed (the fingerprint stops exact copies only); the 1-based stopped_epoch kept as is, or
# renamed, is not the fired_epoch asked for either
EDITED_COPIES = {
    "one line deleted": """
class MyRecallStop(keras.callbacks.Callback):
    def __init__(self, threshold: float = 0.98, monitor: str = "val_recall"):
        super().__init__()
        self.threshold, self.monitor = threshold, monitor
    def on_epoch_end(self, epoch, logs=None):
        value = (logs or {}).get(self.monitor)
        if value is not None and value > self.threshold:
            self.model.stop_training = True
""",
    "stopped_epoch renamed": """
class MyRecallStop(keras.callbacks.Callback):
    def __init__(self, threshold: float = 0.98, monitor: str = "val_recall"):
        super().__init__()
        self.threshold, self.monitor = threshold, monitor
        self.fired_epoch = None
    def on_epoch_end(self, epoch, logs=None):
        value = (logs or {}).get(self.monitor)
        if value is not None and value > self.threshold:
            self.fired_epoch = epoch + 1
            self.model.stop_training = True
""",
}


def _q5(**answers):
    """q5's right answers, with ``answers`` replacing some of them."""
    return {"q5_auc": 0.952, "q5_balanced_accuracy": 0.714, "q5_threshold": 0.62,
            "q5_answer": "a", **answers}


def _q5_with_sklearn(**answers):
    """q5's numbers the way a reader got them with scikit-learn one-liners (report 17)."""
    from sklearn.metrics import balanced_accuracy_score, roc_auc_score

    labels = [0, 1, 0, 0, 1, 0, 0, 1, 0, 0]
    scores = np.array([0.58, 0.81, 0.39, 0.72, 0.64, 0.47, 0.61, 0.93, 0.55, 0.44])
    return _q5(q5_auc=roc_auc_score(labels, scores),
               q5_balanced_accuracy=balanced_accuracy_score(labels, scores >= 0.5),
               q5_threshold=max(scores, key=lambda t: balanced_accuracy_score(
                   labels, scores >= t)), **answers)


CASES = {
    "q1": {
        "right": [lambda: {"MyRecallStop": _callback()},
                  lambda: {"MyRecallStop": _notebook_callback(HONEST_IN_NOTEBOOK)},
                  lambda: {"MyRecallStop": _notebook_callback(ADAPTED_COPY)},
                  lambda: {"MyRecallStop": _notebook_callback(IN_TRAIN_BEGIN)}],
        "wrong": [  # report_04 (21), finding 1: the one-epoch rule, as pasted from ??
                  lambda: {"MyRecallStop": _notebook_callback(REPORT_PASTE)},
                  lambda: {"MyRecallStop": _callback(in_a_row=1)},
                  # the count never restarted after a dip, or waiting one epoch too many
                  lambda: {"MyRecallStop": _callback(reset=False)},
                  lambda: {"MyRecallStop": _callback(in_a_row=3)},
                  lambda: {"MyRecallStop": _callback(strict=False)},
                  lambda: {"MyRecallStop": _callback(key="recall")},
                  lambda: {"MyRecallStop": _callback(threshold=0.99)},
                  lambda: {"MyRecallStop": _callback(threshold=0.981)},
                  # report 17c: ">= 0.9801" passed while no case lay between 0.98 and 0.9801
                  lambda: {"MyRecallStop": _callback(threshold=0.9801, strict=False)},
                  lambda: {"MyRecallStop": _callback(key="recall", strict=False)},
                  lambda: {"MyRecallStop": _gamed_callback("epoch")},
                  lambda: {"MyRecallStop": _gamed_callback("training recall")},
                  lambda: {"MyRecallStop": object},
                  lambda: {"MyRecallStop": _wrapper_callback()},
                  lambda: {"MyRecallStop": _bypass_callback("built in on_epoch_end")},
                  lambda: {"MyRecallStop": _bypass_callback("nested")},
                  lambda: {"MyRecallStop": _bypass_callback("EarlyStopping")},
                  # the course's own callback, as is or renamed: a reader passed q1 with both
                  lambda: {"MyRecallStop": __import__("dfkit.training.trainer", fromlist=["x"]).RecallThresholdStop},
                  lambda: {"MyRecallStop": type("Mine", (__import__("dfkit.training.trainer", fromlist=["x"])
                                                         .RecallThresholdStop,), {})},
                  *[lambda source=source: {"MyRecallStop": _notebook_callback(source)}
                    for source in NOTEBOOK_ROUTES.values()],
                  # the rule right, but no fired_epoch, or a 1-based one (finding 2)
                  lambda: {"MyRecallStop": _callback(record=False)},
                  lambda: {"MyRecallStop": _callback(shift=1)},
                  *[lambda source=source: {"MyRecallStop": _notebook_callback(source)}
                    for source in EDITED_COPIES.values()]],
    },
    "q2": {
        "right": [lambda: {"q2_prediction": "c", "results": _results(0.77, 0.60)},
                  lambda: {"q2_prediction": "b", "results": _results(0.70, 0.68)},
                  lambda: {"q2_prediction": "a", "results": _results(0.55, 0.80)}],
        "wrong": [lambda: {"q2_prediction": "a", "results": _results(0.77, 0.60)},
                  lambda: {"q2_prediction": "c", "results": _results(0.70, 0.68)}],
    },
    "q3": {
        "right": [lambda: _q3(), lambda: _q3(decimals=2),
                  lambda: _q3(missed=lambda f, t, r: float((f < t).sum())),
                  lambda: _q3(missed=lambda f, t, r: np.int64((f < t).sum())),
                  # report 17d: the count read from a library (evaluate's fn) is accepted
                  _library_q3],
        "wrong": [lambda: _q3(spec_shift=0.2),
                  lambda: _q3(recall_shift=-0.3),
                  # recall at least 0.90, but real faces left on the table
                  lambda: _q3(threshold=0.01),
                  # more real faces kept, but recall below 0.90
                  lambda: _q3(threshold=0.5),
                  lambda: _q3(threshold=0.999),
                  lambda: {**_q3(), "my_threshold": "high"},
                  # the count of missed fakes miscounted: a fake
                  # at the threshold counted missed, the real faces counted, not a count
                  lambda: _q3(missed=lambda f, t, r: int((f <= t).sum())),
                  lambda: _q3(missed=lambda f, t, r: int((r < t).sum())),
                  lambda: _q3(missed=lambda f, t, r: int((f < t).sum()) + 0.5),
                  lambda: _q3(missed=lambda f, t, r: True),
                  lambda: _q3(missed=lambda f, t, r: str((f < t).sum())),
                  # chapter 06's threshold_for_recall, one call, and the count guessed from
                  # the share allowed (a tenth of 21 fakes: 2) instead of counted: its
                  # threshold (the best precision, lower here) misses 1
                  lambda: _q3(threshold=_helper_threshold(*_model_and_val()),
                              missed=lambda f, t, r: int(0.1 * len(f))),
                  # report_04 (21), finding 2: the threshold typed rounded up from a print
                  # (0.9126 for 0.9125836), the recall computed at the threshold itself
                  lambda: _q3(decimals=2, typed=_rounded_up)],
    },
    "q4": {
        "right": [lambda: {"q4_answer": "b"}, lambda: {"q4_answer": " (B) "}],
        "wrong": [  # report_04 (20) finding 3: the option using the Wᵀ the stem defined,
                  # and not the one the prose's stride sentence rules out, was the key; now
                  # every option is a formula at the same place, a the transposed one
                  lambda: {"q4_answer": "a"},
                  lambda: {"q4_answer": "c"}, lambda: {"q4_answer": "d"},
                  # no option: another letter, or the count instead of a letter
                  lambda: {"q4_answer": "e"}, lambda: {"q4_answer": "32"},
                  # the report2_04 route: the option copying the prompt's W[j, i] pattern
                  _pattern_pick_q4],
    },
    "q5": {
        "right": [lambda: _q5(q5_auc=20 / 21, q5_balanced_accuracy=5 / 7, q5_threshold=0.64),
                  lambda: _q5(),
                  lambda: _q5(q5_answer=" (A) "),
                  # a library's numbers are accepted: the exercise asks for their reading
                  lambda: _q5_with_sklearn()],
        "wrong": [  # the old exercise's answers, and numbers printed near it
                  lambda: _q5(q5_auc=0.96, q5_balanced_accuracy=0.6),
                  lambda: _q5(q5_auc=0.95),
                  lambda: _q5(q5_balanced_accuracy=0.71),
                  lambda: _q5(q5_balanced_accuracy=0.6),
                  lambda: _q5(q5_auc=1.0),
                  # at or above: 0.61 still calls the real face at 0.61 fake
                  lambda: _q5(q5_threshold=0.61),
                  lambda: _q5(q5_threshold=0.5),
                  lambda: _q5(q5_threshold=0.75),
                  lambda: _q5(q5_threshold="0.64"),
                  # the numbers right, their reading wrong (report 17: the reading had no
                  # place, and the success message gave it away)
                  lambda: _q5(q5_answer="b"),
                  lambda: _q5(q5_answer="c"),
                  lambda: _q5(q5_answer="d"),
                  # report 17c: the old reading, the section's conclusion in other words, is gone
                  lambda: _q5(q5_answer="e"),
                  lambda: _q5_with_sklearn(q5_answer="b")],
    },
}
