"""Chapter 04 exercises: the paper's stop rule as a callback, and reading it off a history."""

from __future__ import annotations

import pandas as pd

from dfkit.exercises import Exercise, Incorrect, call_answer


class _Model:
    stop_training = False


def _check_callback(MyRecallStop) -> None:  # noqa: N803 (a class, named as the student writes it)
    import keras

    if not (isinstance(MyRecallStop, type) and issubclass(MyRecallStop, keras.callbacks.Callback)):
        raise Incorrect("MyRecallStop should be a class that subclasses keras.callbacks.Callback.")
    cb = call_answer(MyRecallStop, what="MyRecallStop()")
    cb.set_model(_Model())
    for epoch, recall in enumerate([0.5, 0.97, 0.98]):
        cb.on_epoch_end(epoch, {"val_recall": recall, "recall": 0.99})
        if cb.model.stop_training:
            raise Incorrect(f"It stopped at val_recall = {recall}; the rule is val_recall > 0.98 (strictly), "
                            "and it must read 'val_recall', not the training 'recall'.")
    cb.on_epoch_end(3, {"val_recall": 0.985})
    if not cb.model.stop_training:
        raise Incorrect("It did not stop at val_recall = 0.985. In on_epoch_end, read logs['val_recall'] and "
                        "set self.model.stop_training = True when it exceeds 0.98.")


def _reference():
    import keras

    class Stop(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if (logs or {}).get("val_recall", 0) > 0.98:
                self.model.stop_training = True

    return Stop


def _wrong(ge=False, key="val_recall"):
    import keras

    class Stop(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            value = (logs or {}).get(key, 0)
            if value >= 0.98 if ge else value > 0.98:
                self.model.stop_training = True

    return Stop


q1 = Exercise(
    name="q1",
    prompt="Write the paper's stop rule as a Keras callback `MyRecallStop`: stop training once val_recall > 0.98.",
    names=("MyRecallStop",),
    checker=_check_callback,
    hint_text="Subclass keras.callbacks.Callback and override on_epoch_end(self, epoch, logs=None).",
    solution_text="class MyRecallStop(keras.callbacks.Callback):\n    def on_epoch_end(self, epoch, logs=None):\n"
                  "        if (logs or {}).get('val_recall', 0) > 0.98:\n            self.model.stop_training = True",
    right=[lambda: {"MyRecallStop": _reference()}],
    wrong=[lambda: {"MyRecallStop": _wrong(ge=True)}, lambda: {"MyRecallStop": _wrong(key="recall")},
           lambda: {"MyRecallStop": object}],
)


def paper_stop_epoch(history: pd.DataFrame, threshold: float = 0.98):
    """The first epoch (1-based) whose val_recall exceeds ``threshold``, or None."""
    hits = history.index[history["val_recall"] > threshold]
    return int(hits[0]) if len(hits) else None


def _check_stop_epoch(stop_epoch, history) -> None:
    expected = paper_stop_epoch(history)
    if expected is None and stop_epoch is not None:
        raise Incorrect("val_recall never exceeds 0.98 in this history: the rule never fires, so the answer is None.")
    if stop_epoch != expected:
        raise Incorrect(f"{stop_epoch} is not the first epoch with val_recall > 0.98. Epochs are numbered from 1 "
                        "(history.index); look at history['val_recall'] > 0.98.")


def _toy_history(values) -> pd.DataFrame:
    return pd.DataFrame({"val_recall": values}, index=pd.RangeIndex(1, len(values) + 1, name="epoch"))


q2 = Exercise(
    name="q2",
    prompt="In `history` (one row per epoch, numbered from 1), at which epoch would the paper's rule have stopped? "
           "Store it in `stop_epoch` (None if never).",
    names=("stop_epoch",),
    context=("history",),
    checker=_check_stop_epoch,
    hint_text="history.index[history['val_recall'] > 0.98] lists the epochs that exceed the threshold.",
    solution_text="hits = history.index[history['val_recall'] > 0.98]\nstop_epoch = int(hits[0]) if len(hits) else None",
    right=[lambda: {"stop_epoch": 3, "history": _toy_history([0.6, 0.98, 0.99, 1.0])},
           lambda: {"stop_epoch": None, "history": _toy_history([0.6, 0.7])}],
    wrong=[lambda: {"stop_epoch": 2, "history": _toy_history([0.6, 0.98, 0.99, 1.0])},
           lambda: {"stop_epoch": 4, "history": _toy_history([0.6, 0.98, 0.99, 1.0])},
           lambda: {"stop_epoch": 2, "history": _toy_history([0.6, 0.7])}],
)
