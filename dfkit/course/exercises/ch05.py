"""Chapter 05 exercises: predicting what the recall objective does to real faces, the epochs at
which a search saves a trial's weights, the size of Model 1's search space, and which way a
search's pick leans its kept score."""

from __future__ import annotations

import numbers

import pandas as pd

from dfkit.course.exercises import (
    Exercise,
    Incorrect,
    ____,  # noqa: F401 (re-exported: a chapter imports its checkers and the blank in one line)
    call_refusing,
    hands_work_to,
    hidden_rng,
    installed_functions,
    judge_choice,
    library_object,
    prediction,
)


def _history() -> pd.DataFrame:
    """A made-up trial's history as ``training.fit`` returns it: one row per epoch, from 1."""
    return pd.DataFrame({"val_recall": [0.60, 0.95, 0.95, 0.90, 0.80],
                         "val_auc": [0.70, 0.75, 0.80, 0.86, 0.84],
                         "val_loss": [0.70, 0.60, 0.50, 0.55, 0.52]},
                        index=pd.RangeIndex(1, 6, name="epoch"))


# minimised metrics whose names hold no "loss": a direction guessed from the name fails on them
_LOW_NAMES = ("val_false_positives", "val_false_negatives", "val_mean_absolute_error")


def _hidden_histories() -> tuple[list[pd.DataFrame], str]:
    """Made-up histories drawn per check (other ones under the instructor's secret), each with
    a tie at its best val_recall and best val_loss, so a table of epochs learnt from the public
    case fails; and a minimised column whose name holds no "loss" (one of ``_LOW_NAMES``), whose
    highest value comes at another epoch than its lowest, so a direction read from the name
    fails."""
    rng = hidden_rng("ch05.q1")
    low = str(rng.choice(_LOW_NAMES))
    histories = []
    for n in rng.integers(5, 10, size=3):
        recall = rng.uniform(0.3, 0.9, n).round(2)
        loss = rng.uniform(0.4, 0.9, n).round(2)
        for column, best in ((recall, 0.95), (loss, 0.35)):
            first, later = sorted(rng.choice(n, size=2, replace=False))
            column[[first, later]] = best
        errors = rng.permutation(n).astype(float) + 3.0  # distinct: min and max differ
        histories.append(pd.DataFrame(
            {"val_recall": recall, "val_auc": rng.uniform(0.5, 0.95, n).round(3),
             "val_loss": loss, low: errors}, index=pd.RangeIndex(1, n + 1, name="epoch")))
    return histories, low


def _saves(history: pd.DataFrame, name: str, direction: str, ties: bool = False) -> list[int]:
    """The epochs at which Keras Tuner writes a trial's weights: each one whose value beats the
    best so far (strictly; with ``ties``, a tie counts too: the save rule the exercise is about,
    got wrong)."""
    best, saves = None, []
    for epoch, value in history[name].items():
        if (best is None or (value > best if direction == "max" else value < best)
                or (ties and value == best)):
            best = value
            saves.append(int(epoch))
    return saves


# Keras Tuner itself finds the best epoch of a history (tuner_utils' helper, MetricHistory,
# MetricsTracker and SaveBestEpoch, the callback that writes the weights); Keras's own
# callbacks that watch a metric (EarlyStopping, ModelCheckpoint, ReduceLROnPlateau: their
# MonitorCallback's comparison) do the same walk; so does a course helper (chapter 06's
# reading, report_05 finding 1). Handing the exercise to any of them computes nothing.
# Public pandas and NumPy are fair.
_TUNER_HELPERS = (("keras_tuner.src.engine.tuner_utils",
                   ("_get_best_value_and_best_epoch_from_history", "convert_to_metrics_dict",
                    "SaveBestEpoch.on_epoch_end")),
                  ("keras.src.callbacks.monitor_callback",
                   ("MonitorCallback._is_improvement", "MonitorCallback._set_monitor_op")),
                  ("keras.src.callbacks.early_stopping", ("EarlyStopping.on_epoch_end",)),
                  ("keras.src.callbacks.model_checkpoint",
                   ("ModelCheckpoint.on_epoch_end", "ModelCheckpoint._should_save_model",
                    "ModelCheckpoint._save_model")),
                  ("keras.src.callbacks.reduce_lr_on_plateau",
                   ("ReduceLROnPlateau.on_epoch_end",)),
                  ("dfkit.course.readings.ch06", ("_best_epoch",)))
# the checker's own walk is the honest answer, code for code: refused, copies not watched for
_OWN = (("dfkit.course.exercises.ch05", ("_saves",)),)
# names, not the package: `isinstance(objective, kt.Objective)` is honest work
_TUNER_NAMES = {"tuner_utils", "_get_best_value_and_best_epoch_from_history",
                "convert_to_metrics_dict", "SaveBestEpoch", "metrics_tracking", "MetricHistory",
                "MetricsTracker", "get_best_step", "get_best_value", "better_than",
                "EarlyStopping", "ModelCheckpoint", "ReduceLROnPlateau", "MonitorCallback",
                "_is_improvement", "_best_epoch"}
_HANDS_OVER = ("save_epochs hands the work to a library (Keras Tuner's `tuner_utils`, "
               "`SaveBestEpoch`, `MetricHistory`, `MetricsTracker` or `Objective.better_than`; "
               "Keras's `EarlyStopping`, `ModelCheckpoint` or `ReduceLROnPlateau`) or to a "
               "course helper, the code the exercise asks you to write: walk through the "
               "objective's column yourself, in its direction (pandas and NumPy are fine).")


def _tuner_methods() -> list:
    """MetricHistory's and MetricsTracker's methods that find a best step or value, and
    Objective's ``better_than`` (the strict comparison the exercise is about), refused while
    an answer runs, however it reaches them."""
    try:
        from keras_tuner.src.engine import metrics_tracking as tracking
        from keras_tuner.src.engine.objective import Objective
    except ImportError:
        return []
    found = [getattr(cls, name) for cls in (tracking.MetricHistory, tracking.MetricsTracker)
             for name in ("get_best_step", "get_best_value", "update")
             if callable(getattr(cls, name, None))]
    return found + [f for f in (getattr(Objective, "better_than", None),) if callable(f)]


def _epochs(value, what: str) -> list[int]:
    """An answer's list of epochs, or Incorrect that says what to return."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        raise Incorrect(f"{what} returned one epoch, {value}: return every epoch at which the "
                        "search writes the weights, in order, as a list.")
    try:
        epochs = list(value)
    except TypeError:
        epochs = None
    if (not epochs or any(not isinstance(e, numbers.Integral) or isinstance(e, bool)
                          for e in epochs)):
        raise Incorrect(f"{what} returned {value!r}: return a list of epochs, whole numbers as "
                        "the history's index labels them.")
    return [int(e) for e in epochs]


def _check_save_epochs(save_epochs) -> str:
    import keras_tuner as kt

    if callable(save_epochs) and (library_object(save_epochs, {"keras_tuner", "keras"})
                                  or hands_work_to(save_epochs, _TUNER_NAMES, set())):
        raise Incorrect(_HANDS_OVER)
    objectives = [kt.Objective("val_recall", "max"), kt.Objective("val_auc", "max"),
                  kt.Objective("val_loss", "min")]
    hidden, low = _hidden_histories()
    refused = installed_functions(_TUNER_HELPERS) + _tuner_methods()
    own = installed_functions(_OWN)
    results = []  # (which history, objective, returned, history)
    for where, history, tried in [("the made-up history", _history(), objectives),
                                  *(("a hidden history", h,
                                     [*objectives, kt.Objective(low, "min")]) for h in hidden)]:
        for objective in tried:
            what = (f"save_epochs(history, Objective({objective.name!r}, "
                    f"{objective.direction!r}))")
            got = _epochs(call_refusing(save_epochs, refused, _HANDS_OVER, history.copy(),
                                        objective, what=what, unwatched=own), what)
            results.append((where, objective, got, history))

    def saves(objective, history, **how) -> list[int]:
        return _saves(history, objective.name, objective.direction, **how)

    wrong = [r for r in results if r[2] != saves(r[1], r[3])]
    if not wrong:
        return ("Keras Tuner writes the weights at each of these epochs, each write replacing "
                "the last, so the search hands back the last of them: the first epoch that "
                "reached the best value, since a tie is no save. pandas' `idxmax` and "
                "`idxmin` find that same epoch only because they return the first best by "
                "convention.")
    if all(got == [e - 1 for e in saves(o, h)] for _, o, got, h in wrong):
        raise Incorrect("Each epoch is one too low: that is a position counted from 0. Return "
                        "the epochs as the history's index labels them (1 is the first epoch).")
    if all(got == saves(o, h, ties=True) for _, o, got, h in wrong):
        where, objective = wrong[0][:2]
        raise Incorrect(f"On {objective.name} in {where} you save again on an epoch that only "
                        "ties the best so far. Keras Tuner saves only when the objective beats "
                        "the best so far, strictly.")
    if all(o.direction == "min" and got == _saves(h, o.name, "max") for _, o, got, h in wrong):
        raise Incorrect(f"On {wrong[0][1].name} ('min') you saved where the value rose: read "
                        "the objective's direction, not only its name (a minimised metric's "
                        "name need not say 'loss').")
    if all(got == saves(o, h)[-1:] for _, o, got, h in wrong):
        raise Incorrect("That is only the epoch the search hands back. The search also wrote "
                        "the weights at every earlier epoch that beat the best so far: list "
                        "them all, in order.")
    where, objective, got, _ = wrong[0]
    raise Incorrect(f"On {objective.name} ({objective.direction}) in {where}, {got} is not "
                    "the list of epochs at which the search saves. Walk through the epochs in order: "
                    "the search saves each time the column beats its best so far, in the "
                    "objective's direction (the first epoch has nothing to beat).")


q2 = Exercise(
    name="q2",
    prompt="Write `save_epochs(history, objective)`: the list of every epoch, in order, at which "
           "a search with this Keras Tuner objective writes a trial's weights, from the trial's "
           "per-epoch history. The check tries val_recall and val_auc ('max') and val_loss "
           "('min'), on histories with ties, and on hidden histories another objective too, "
           "with its direction.",
    names=("save_epochs",),
    checker=_check_save_epochs,
    hints=("Keras Tuner writes a trial's weights each time its objective beats the best value "
           "so far. Does the first epoch beat anything, and does an epoch that only ties the "
           "best so far?",
           "An objective has two attributes: name (the history's column) and direction ('max' "
           "or 'min'). Walk through `history[objective.name].items()` keeping the best so "
           "far; append the epoch when a value is strictly better."),
    kind="implement",
)


def specificity_outcome(comparison: pd.DataFrame) -> str:
    """Which option happened: test specificity of the val_recall search's best model against
    the val_auc search's."""
    gap = (comparison.loc["specificity", "objective val_recall"]
           - comparison.loc["specificity", "objective val_auc"])
    return "a" if gap < -0.05 else "c" if gap > 0.05 else "b"


q1 = prediction(
    name="q1",
    prompt="On test, how will the specificity of the val_recall search's best model compare with "
           "the val_auc search's best model?",
    variable="q1_prediction",
    options={"a": "the val_recall search's model keeps clearly fewer real faces "
                  "(by more than 0.05)",
             "b": "about the same (within 0.05)",
             "c": "the val_recall search's model keeps clearly more real faces "
                  "(by more than 0.05)"},
    outcome=specificity_outcome,
    context=("comparison",),
    explanation="An objective of val_recall rewards any trial that calls more faces fake, and "
                "nothing in it counts the real faces lost, so it tends to pick a trial that "
                "sacrifices specificity; val_auc rewards ranking and is blind to the threshold. "
                "Both searches here train the very same trials (same seed), so they differ only "
                "in the trial each keeps and the epoch each saves of it; with a few trials the "
                "two picks can still score alike on test: read the two columns of the table "
                "above and the lines printed under it.",
    hints=("What does a trial that calls every face fake score on each objective?",
           "Specificity is the share of real faces called real; which objective ever looks at "
           "real faces?"),
)

_BLOCKS = range(2, 5)
_FILTER_VALUES = len(range(16, 128 + 1, 16))
_KERNELS, _DENSE = 2, len(range(32, 256 + 1, 32))


def _architecture_count() -> int:
    """Distinct Model 1 architectures in cnn_search_space (blocks, filters, kernel, dense units)."""
    return sum(_FILTER_VALUES ** n for n in _BLOCKS) * _KERNELS * _DENSE


def _check_count(n_architectures) -> None:
    if not isinstance(n_architectures, numbers.Integral) or isinstance(n_architectures, bool):
        raise Incorrect(f"n_architectures should be a whole number, got {n_architectures!r}.")
    expected = _architecture_count()
    if n_architectures == _FILTER_VALUES ** 4 * _KERNELS * _DENSE:
        raise Incorrect("That counts only the networks with 4 blocks. Count 2, 3 and 4 blocks "
                        "separately and add them.")
    if n_architectures == 3 * _FILTER_VALUES * _KERNELS * _DENSE:
        raise Incorrect("Each block chooses its own filter count: the choices multiply across "
                        "blocks, they do not add.")
    if n_architectures in (sum(_FILTER_VALUES ** n for n in _BLOCKS),
                           sum(_FILTER_VALUES ** n for n in _BLOCKS) * _KERNELS):
        raise Incorrect("Close: the kernel size and the dense units are chosen too, once per "
                        "network, whatever the number of blocks.")
    if n_architectures != expected:
        raise Incorrect(f"{n_architectures:,} is not right. For each number of blocks, multiply "
                        "the choices of every block's filters, the kernel size and the dense "
                        "units; then add over the numbers of blocks. hp.Int(16, 128, step=16) "
                        "has 8 values, not 7.")
    return (f"{expected:,} architectures. A budget of 5 trials, the paper's, trains at most 5 "
            f"of them: {5 / expected:.4%} of this space, before counting dropout and the "
            "learning rate. The paper's own space is unpublished, but a few trials explore a "
            "sliver of any space this size.")


q3 = Exercise(
    name="q3",
    prompt="How many different Model 1 architectures can cnn_search_space draw (blocks, filters "
           "per block, kernel size, dense units)? Store the integer in `n_architectures`. A "
           "stepped hp.Int counts its values in whole numbers, (max - min) // step + 1, so it "
           "keeps its top value when the step reaches it.",
    names=("n_architectures",),
    checker=_check_count,
    hints=("Fix the number of blocks first: every block picks its filters independently, and the "
           "kernel size and dense units are picked once. Then add over 2, 3 and 4 blocks.",
           "hp.Int(name, lo, hi, step=s) can return lo, lo + s, ... up to hi, both ends included; "
           "the table of hp.space above lists each range."),
)

# report_05 finding 2: the prose says the kept score is a flattering pick, and the key was the
# only option that named a pick; now every option reasons from the pick or the splits, and
# only the reasoning tells them apart. report_05 of 2026-12-07, finding 1: the key was also the
# only "higher", so this run's two printed numbers gave it away; a second "higher" (the
# commonest misconception: validation faces are learnt) now needs the reason, and the key left
# (c), the letter a direction-reader once took
Q4_OPTIONS = {
    "a": "about the same: the trials were scored on validation, so the test faces took no part "
         "in the pick and measure the kept model as new faces would",
    "b": "lower: the validation split holds fewer people, so each hard-to-tell person weighs "
         "more in its score, the kept trial's as any other's",
    "c": "higher: `fit` scored the validation faces after every epoch, so the kept model "
         "learnt from them as it trained, and it knows them better than the test faces",
    "d": "higher: the kept score tops several, each with its own luck on the same validation "
         "faces, and the test faces do not repeat that luck",
    "e": "no rule: the top of several scores marks the trial with the most skill, not the most "
         "luck, so the faces drawn decide which way it leans",
}
Q4_FEEDBACK = {
    "a": "The test faces do measure the kept model as new faces would; the question is about "
         "its validation score. That score was kept because it came out highest of several: "
         "which way does picking the highest push the luck of the one picked?",
    "b": "A hard person weighs more in a small split, but so does an easy one, and either is "
         "as likely to land in validation as in test: a smaller split scatters more, up or "
         "down, without falling on average. Now ask what picking the highest of several "
         "scattered scores does.",
    "c": "Higher, but not for that reason: `fit` only scores the validation faces; its weights "
         "learn from the training faces alone. The validation faces chose something else: "
         "which trial and which epoch were kept. What does keeping the top of several scores "
         "do to the luck it holds?",
    "e": "The pick sees only each trial's score, skill and luck on the validation faces "
         "together; it cannot tell which made a score the top one. Averaged over reruns, what "
         "does keeping the top score do to the luck it holds?",
}


def _check_kept_score(q4_answer, saved, headline, on_val) -> str:
    """q4: the letter, then this run's two numbers (one draw of what the question averages),
    both exact ROC-AUCs computed from the kept model's probabilities, read against how far a
    split this small moves one model's ROC-AUC (``on_val``: the ``val_recall`` search's model's
    validation ROC-AUC with its 95% interval, ``low`` and ``high``, printed above)."""
    judge_choice(q4_answer, Q4_OPTIONS, "q4_answer", "d", Q4_FEEDBACK)
    on_val_auc = float(saved.loc["val_auc", "roc_auc"])
    on_test = float(headline.loc["roc_auc", "objective val_auc"])
    gap = round(on_val_auc - on_test, 3)
    low, high = round(float(on_val["low"]), 3), round(float(on_val["high"]), 3)
    run = ("Each trial's score at each epoch is its skill plus luck on the validation faces; "
           "the search kept the top one, so on average its luck was good, and the test faces "
           "do not repeat it. In your run the `val_auc` search's kept model scored an exact "
           f"ROC-AUC (from its probabilities) of {on_val_auc:.3f} on validation and "
           f"{on_test:.3f} on test: ")
    if not gap:
        return run + ("the same to 3 decimals. One run is one draw: the pick makes the kept "
                      "score high on average, not in every run.")
    said = f"validation {'higher' if gap > 0 else 'lower'} by {abs(gap):.3f}"
    if abs(gap) < (high - low) / 2:
        return run + (f"{said}, inside how far a split this small moves one model's ROC-AUC "
                      "(the `val_recall` search's model above: 95% interval "
                      f"[{low:.3f}, {high:.3f}] on validation). So this run cannot show the "
                      "lean either way; only reruns can.")
    if gap > 0:
        return run + (f"{said}, the direction the pick predicts, though the two splits' "
                      "people differ too, so one run cannot say how much is the pick's luck.")
    return run + (f"{said}. One run is one draw: the pick makes the kept score high on "
                  "average, not in every run, and the test faces may simply be easier.")


q4 = Exercise(
    name="q4",
    prompt="Over many reruns on other faces, how does the kept model's validation ROC-AUC (the "
           "val_auc search's pick) compare on average with its test ROC-AUC? Set `q4_answer` "
           "to a letter.",
    names=("q4_answer",),
    checker=_check_kept_score,
    context=("saved", "headline", "on_val"),
    options=Q4_OPTIONS,
    hints=("Before the search, a trial's validation score is as likely to land above its "
           "true level as below it. Which trials' scores does the search keep?",
           "Chapter 03 asked the same of an epoch chosen by early stopping: read its "
           "validation-against-test sentence."),
    kind="explain",
)
q4._key = "d"  # the course-wide balance tests read it; private, as for choice()
