"""Chapter 04 exercises: the paper's stop rule as a callback, predicting how its models rank,
moving the threshold on validation to keep real faces at a fixed recall, projected shortcuts,
and a ranking that is nearly perfect while its 0.5 threshold is poor (computed, then read as
a choice: no free text is marked by a machine)."""

from __future__ import annotations

import pandas as pd

from dfkit.course.exercises import (
    REFUSED_CALLS,
    Exercise,
    Incorrect,
    ____,  # noqa: F401 (re-exported: a chapter imports its checkers and the blank in one line)
    _refused_call,
    _value_names,
    call_answer,
    choice,
    close,
    code_fingerprint,
    judge_choice,
    names_used,
    prediction,
    refusing,
    unwrap_scalar,
)


class _Model:
    stop_training = False


# q1's rule: the paper's rule made stricter, as a patience would: fire only on the
# IN_A_ROW-th epoch in a row whose val_recall exceeds 0.98 (report_04 (21), finding 1: the
# one-epoch rule was the course's RecallThresholdStop with two edits; this needs a count kept
# across epochs, which no ready-made class here has).
IN_A_ROW = 2

# q1's made-up epochs: (val_recall, training recall) per epoch, and the epoch (0-based) at
# which the rule must stop, None where it never should. They fire on the second epoch in a
# row and not the first (the paper's one-epoch rule stops too soon), restart the count after
# a dip, at 0.98 exactly too (a count never reset, or ">= 0.98", stops too soon), make the two
# recalls disagree both ways, and include just above 0.98 (0.9800001: ">= 0.9801" misses it).
Q1_SEQUENCES = (
    ([(0.5, 0.99), (0.97, 0.99), (0.985, 0.5), (0.99, 0.5)], 3),
    ([(0.99, 0.3), (1.0, 0.4)], 1),
    ([(0.99, 0.3), (0.98, 0.99), (0.99, 0.4), (0.995, 0.2)], 3),
    ([(1.0, 0.5), (0.5, 0.5), (1.0, 0.5), (0.7, 0.2), (0.99, 0.1), (0.999, 0.3)], 5),
    ([(0.6, 0.2), (0.9, 1.0), (0.98, 0.995), (0.979, 1.0), (0.99, 0.99)], None),
    ([(0.97, 0.99), (0.9801, 0.2), (0.9800001, 0.1)], 2),
)


def _stop_mistake(epochs: list[tuple[float, float]], epoch: int) -> str:
    """Why a callback that stopped after ``epochs[epoch]`` (where it should not have) is
    wrong; ``epochs`` holds the made-up run's (val_recall, training recall) pairs."""
    val_recall, recall = epochs[epoch]
    if val_recall == 0.98:
        return ("It stopped at val_recall = 0.98; the rule is val_recall > 0.98 (strictly "
                "greater).")
    if val_recall > 0.98:
        before = [v for v, _ in epochs[:epoch]]
        if not before or before[-1] <= 0.98:
            if any(v > 0.98 for v in before):
                return (f"It stopped after epoch {epoch} (as Keras passes it), the first of a "
                        "new run above 0.98: an epoch at or below 0.98 came between, so the "
                        "count starts again from 0 after it.")
            return (f"It stopped after epoch {epoch} (as Keras passes it), the first epoch "
                    f"whose val_recall exceeds 0.98: the rule waits for {IN_A_ROW} such "
                    "epochs in a row (keep a count in self between calls).")
    if recall > 0.98:
        return (f"It stopped after an epoch with val_recall = {val_recall}, while the training "
                f"recall was {recall}: it must read 'val_recall' from the logs, not 'recall'.")
    return (f"It stopped after epoch {epoch} (as Keras passes it), where val_recall was "
            f"{val_recall}: the rule looks at the validation recall of each epoch, nothing "
            "else (not the epoch number, not the training recall).")


READY_MADE_NAMES = {"RecallThresholdStop", "EarlyStopping", "early_stopping"}
CONTAINERS = (dict, list, tuple, set, frozenset)


def _ready_made_code() -> set[str]:
    """The :func:`code_fingerprint` of every function of the ready-made stopping callbacks
    (the course's ``RecallThresholdStop`` and ``early_stopping``, Keras' ``EarlyStopping``):
    a method borrowed from one (``on_epoch_end = training.RecallThresholdStop.on_epoch_end``)
    or pasted under another name has one of them."""
    import inspect

    import keras

    from dfkit.training import trainer

    found = {code_fingerprint(trainer.early_stopping)}
    for klass in (trainer.RecallThresholdStop, keras.callbacks.EarlyStopping):
        found |= {code_fingerprint(v) for v in vars(klass).values() if inspect.isfunction(v)}
    return found


def _globals_read(fn, depth: int = 2) -> set[str]:
    """The global names a function's code (and the code nested in it) loads, with those of the
    notebook's own functions it calls, ``depth`` levels down: names read as globals, not
    attribute names (``self.stop`` is no read of the notebook's ``stop``)."""
    import dis
    import inspect

    def walk(code) -> set[str]:
        found = {i.argval for i in dis.get_instructions(code)
                 if i.opname in ("LOAD_GLOBAL", "LOAD_NAME")}
        for const in code.co_consts:
            if inspect.iscode(const):
                found |= walk(const)
        return found

    if not inspect.isfunction(fn):
        return set()
    found = walk(fn.__code__)
    for name in sorted(found) if depth > 0 else ():
        helper = fn.__globals__.get(name)
        if (inspect.isfunction(helper) and helper is not fn
                and helper.__globals__ is fn.__globals__):
            found |= _globals_read(helper, depth - 1)
    return found


def _reaches_ready_made(value, ready_made: tuple[type, ...], code: set[str],
                        depth: int = 3) -> bool:
    """Whether ``value`` (a global or class attribute the answer reaches) is, holds or builds
    a ready-made stopping callback: the class or an object of it, a function whose code names
    one or is one's, or a container (dict, list, tuple, set) holding any of these, looked
    into ``depth`` levels (the chapter's ``RULES`` dict holds a factory of the course's rule)."""
    import functools
    import inspect

    if isinstance(value, type):
        if issubclass(value, ready_made):
            return True
    elif isinstance(value, ready_made):
        return True
    if _value_names(value) & READY_MADE_NAMES:
        return True
    if inspect.ismethod(value):
        value = value.__func__
    if inspect.isfunction(value) or isinstance(value, functools.partial):
        fn = value.func if isinstance(value, functools.partial) else value
        if getattr(fn, "__qualname__", "").split(".")[0] in READY_MADE_NAMES:
            return True
        return bool(names_used(value) & (READY_MADE_NAMES | code))
    if isinstance(value, CONTAINERS) and depth > 0:
        items = list(value.values()) if isinstance(value, dict) else list(value)
        return any(_reaches_ready_made(item, ready_made, code, depth - 1) for item in items)
    return False


def _reuses_ready_made(cls, ready_made: tuple[type, ...]) -> bool:
    """Whether the answer class's own code (every method of the classes it defines, with the
    notebook helpers they call) or its class attributes use a ready-made stopping callback: by
    name (``training.RecallThresholdStop``, ``keras.callbacks.EarlyStopping``,
    ``training.early_stopping``), under another name the notebook gave it, through a
    container of the notebook that holds one or its factory (``RULES["paper's rule"]()``),
    or by borrowing or copying one of its methods (compared by :func:`code_fingerprint`)."""
    import inspect

    code = _ready_made_code()
    names, scopes, read = set(), [], []
    for klass in cls.__mro__:
        if klass.__module__.split(".")[0] in ("keras", "builtins"):
            continue  # Keras' own Callback, not the answer
        for value in vars(klass).values():
            if isinstance(value, (staticmethod, classmethod)):
                value = value.__func__
            parts = ((value.fget, value.fset, value.fdel) if isinstance(value, property)
                     else (value,))
            for part in parts:
                if part is None:
                    continue
                if _reaches_ready_made(part, ready_made, code):
                    return True
                if inspect.isfunction(part):
                    names |= names_used(part)
                    scopes.append(part.__globals__)
                    read.append((part.__globals__, _globals_read(part)))
    if names & (READY_MADE_NAMES | code):
        return True

    def ready(value) -> bool:
        return value in ready_made or (isinstance(value, type) and issubclass(value, ready_made))

    if any(ready(scope.get(n)) for scope in scopes for n in names):
        return True
    # the notebook's globals the code reads: a container holding the course's rule, an
    # object of it (the long cell's `stop`), a factory of it
    return any(_reaches_ready_made(scope[n], ready_made, code)
               for scope, found in read for n in found if n in scope)


def _ready_made_functions(ready_made: tuple[type, ...]) -> list:
    """Every Python function of the ready-made stopping callbacks (their classes' methods and
    the course's ``early_stopping`` factory), for :func:`refusing` while q1's answer runs."""
    import inspect

    from dfkit.training import trainer

    found = [trainer.early_stopping]
    for klass in ready_made:
        for value in vars(klass).values():
            if isinstance(value, (staticmethod, classmethod)):
                value = value.__func__
            if inspect.isfunction(value):
                found.append(value)
    return found


_UNSET = object()


def _check_fired_epoch(cb, expected: int | None, when: str) -> None:
    """q1's record of when the rule fired: ``fired_epoch``, the 0-based ``epoch`` Keras passed
    to the ``on_epoch_end`` that stopped training, None until then (report_04 (20), finding 2:
    the course's class keeps a 1-based ``stopped_epoch``, so a copy of it with a line deleted
    passed; this asks for something it does not do)."""
    value = unwrap_scalar(getattr(cb, "fired_epoch", _UNSET))
    if value is _UNSET:
        raise Incorrect("MyRecallStop() has no fired_epoch attribute: set self.fired_epoch = "
                        "None in __init__, and to the epoch Keras passed when the rule fires.")
    if expected is None and value is not None:
        raise Incorrect(f"fired_epoch is {value!r} {when}, but the rule has not fired: it "
                        "should stay None until the rule fires (the second epoch in a row "
                        "above 0.98).")
    if expected is not None and (type(value) is not int or value != expected):
        if value == expected + 1:
            raise Incorrect(f"fired_epoch is {value}, one more than the epoch Keras passed "
                            f"({expected}): store Keras' 0-based epoch as it is.")
        raise Incorrect(f"The rule fired {when}, but fired_epoch is {value!r}: store the "
                        "epoch argument on_epoch_end received when it stopped training.")


def _check_callback(MyRecallStop) -> str:  # noqa: N803 (a class, named as the student writes it)
    import keras

    if not (isinstance(MyRecallStop, type) and issubclass(MyRecallStop, keras.callbacks.Callback)):
        raise Incorrect("MyRecallStop should be a class that subclasses keras.callbacks.Callback.")
    from dfkit.training import trainer

    ready_made = (trainer.RecallThresholdStop, keras.callbacks.EarlyStopping)
    reuses = ("MyRecallStop reuses a ready-made stopping callback: write the rule yourself, "
              "subclassing keras.callbacks.Callback and overriding on_epoch_end.")
    if issubclass(MyRecallStop, ready_made) or _reuses_ready_made(MyRecallStop, ready_made):
        raise Incorrect(reuses)
    # while the answer runs, the ready-made callbacks' functions refuse to run however it
    # reaches them (a name built from strings with getattr, report 17c): a wrapper that
    # forwards to one is caught by what it calls, not by how it names it
    with refusing(_ready_made_functions(ready_made), _refused_call):
        REFUSED_CALLS.clear()
        try:
            for epochs, stop_at in Q1_SEQUENCES:
                cb = call_answer(MyRecallStop, what="MyRecallStop()")  # a fresh one per made-up run
                cb.set_model(_Model())
                # as fit does: an answer may set fired_epoch = None in on_train_begin
                call_answer(cb.on_train_begin, {}, what="MyRecallStop's on_train_begin")
                _check_fired_epoch(cb, None, "before any epoch ends")
                for epoch, (val_recall, recall) in enumerate(epochs):
                    logs = {"loss": 0.4, "recall": recall, "val_loss": 0.5, "val_recall": val_recall}
                    call_answer(cb.on_epoch_end, epoch, logs, what="MyRecallStop's on_epoch_end")
                    stopped = bool(cb.model.stop_training)
                    if stopped and epoch != stop_at:
                        raise Incorrect(_stop_mistake(epochs, epoch))
                    if epoch == stop_at and not stopped:
                        shown = ", ".join(str(v) for v, _ in epochs[:epoch + 1])
                        raise Incorrect(f"It did not stop after epoch {epoch} (as Keras passes "
                                        f"it), with val_recall {shown} so far: that is "
                                        f"{IN_A_ROW} epochs in a row above 0.98. At the end of "
                                        "each epoch, read the validation recall from the logs, "
                                        "count the epochs in a row above 0.98 (back to 0 after "
                                        "one that is not), and stop when the count reaches "
                                        f"{IN_A_ROW}.")
                    _check_fired_epoch(cb, epoch if stopped else None,
                                       f"after epoch {epoch} (as Keras passes it)")
                    if stopped:
                        break  # fit would end here
        except Incorrect:
            if REFUSED_CALLS:
                raise Incorrect(reuses) from None
            raise
        if REFUSED_CALLS:
            raise Incorrect(reuses)
    return ("it stopped each made-up run on the second epoch in a row whose validation "
            "recall exceeded 0.98, started the count again after a dip (0.98 itself "
            "included), never read the training recall, and fired_epoch says when, as Keras "
            "counts epochs. Waiting two epochs ignores one lucky epoch, but the rule still "
            "looks at the fakes alone: a model that calls every face fake two epochs running "
            "passes it, however badly it ranks.")


q1 = Exercise(
    name="q1",
    prompt="Write a stricter paper's rule as a Keras callback class `MyRecallStop`: stop "
           "training at the end of the second epoch in a row with val_recall > 0.98 (an "
           "epoch at or below 0.98 starts the count again), and keep in `self.fired_epoch` "
           "the epoch Keras passed when it fired (0-based, None until then).",
    names=("MyRecallStop",),
    checker=_check_callback,
    hints=("A callback is a class Keras calls at fixed moments; the rule needs the moment an "
           "epoch ends, the validation metrics of that epoch, and something that remembers "
           "the epochs before it.",
           "Subclass keras.callbacks.Callback and override on_epoch_end(self, epoch, logs=None); "
           "the metrics are in the logs dictionary, and the model stops when its stop_training "
           "attribute is True. Keep a count in self (0 in __init__, after the parent's "
           "__init__): add 1 after an epoch above 0.98, back to 0 otherwise, and fire when it "
           "reaches 2. fired_epoch starts as None and takes the epoch argument when the rule "
           "fires."),
    kind="implement",
    by_hand_when_graded=True,  # the checker needs the student's own object (see Exercise)
)


def ranking_outcome(results: pd.DataFrame) -> str:
    """Which option happened: the paper's rule's mean test ROC-AUC against early stopping's."""
    means = results.groupby("rule")["roc_auc"].mean()
    gap = means["paper's rule"] - means["early stopping on val_auc"]
    return "a" if gap < -0.05 else "c" if gap > 0.05 else "b"


q2 = prediction(
    name="q2",
    prompt="Averaged over seeds, how will the test ROC-AUC of the paper's rule's models compare "
           "with early stopping on val_auc?",
    variable="q2_prediction",
    options={"a": "the paper's rule ranks clearly worse (lower by more than 0.05)",
             "b": "about the same (within 0.05)",
             "c": "the paper's rule ranks clearly better (higher by more than 0.05)"},
    outcome=ranking_outcome,
    context=("results",),
    explanation="The paper's rule stops on the first epoch whose validation recall passes 0.98, "
                "and after one epoch Model 2 calls every face fake: the rule keeps a network that "
                "has barely learnt, so it ranks worse as well as wrecking the 0.5 threshold. "
                "Early stopping lets the same network train on and keeps its best-ranking "
                "epoch. In the default profile the gap is wide in every seed (the course's "
                "record, compared with your run below); in the tiny ci profile, with 2 epochs, it can be small.",
    hints=("ROC-AUC does not look at the 0.5 threshold at all. What does each rule look at when "
           "it stops, and which of those things does ROC-AUC measure?",
           "A seed's two runs start from the same weights and see the same batches. Which epoch "
           "of that shared run does each rule keep, and how much has the network learnt by "
           "then?"),
)


RECALL_FLOOR = 0.90  # q3: the share of validation fakes the moved threshold must still find


def _best_specificity(scores, labels, floor: float = RECALL_FLOOR) -> float:
    """The highest validation specificity any threshold reaches with recall at least ``floor``
    (a face is called fake when its score is at or above the threshold; trying each score as
    the threshold covers every verdict a threshold can give)."""
    import numpy as np

    scores, labels = np.asarray(scores, dtype=float).ravel(), np.asarray(labels).ravel()
    fake, real = scores[labels == 1], scores[labels == 0]
    return max(float((real < t).mean()) for t in np.unique(scores)
               if (fake >= t).mean() >= floor - 1e-9)


def _whole_number(value, what: str) -> int:
    """``value`` as an int when it is a whole number (3, 3.0, np.int64(3)), or Incorrect."""
    import numbers

    value = unwrap_scalar(value)
    if (isinstance(value, bool) or not isinstance(value, numbers.Real)
            or not float(value).is_integer()):
        raise Incorrect(f"{what} should be a whole number (a count of faces), got "
                        f"{value!r}.")
    return int(value)


def _check_not_rounded(threshold: float, my_recall, recall: float, paper_model, val) -> None:
    """q3: a threshold typed rounded from a print (0.9126 for 0.9125836) can sit just above
    the fake whose score it was, so one more fake falls below it and its recall drops under
    0.90 (report_04 (21), finding 2: the check then asked for more decimals of my_recall, which
    was right). Say what is wrong: the threshold, not the recall."""
    import numbers

    import numpy as np

    from dfkit.training import trainer as training

    if recall >= RECALL_FLOOR - 1e-9 or not isinstance(my_recall, numbers.Real):
        return
    scores = np.asarray(training.predict(paper_model, val), dtype=float).ravel()
    labels = np.asarray(val.labels).ravel()
    fakes = scores[labels == 1]
    # fakes just below the threshold, as close as a rounding to 3 or more decimals moves it
    near = fakes[(fakes < threshold) & (threshold - fakes < 5e-4)]
    if not near.size:
        return
    unrounded = float((fakes >= near.max()).mean())
    if unrounded >= RECALL_FLOOR - 1e-9 and round(float(my_recall), 2) == round(unrounded, 2):
        raise Incorrect(f"At your my_threshold ({threshold}) the recall is {recall:.3f}, not "
                        f"your {my_recall}: a fake scores {float(near.max())!r}, just below it, so one "
                        "more fake falls below your threshold than at the one your recall was "
                        "computed at. Did you round it? Store the threshold unrounded (the "
                        "variable itself, not a printed value).")


def _check_threshold(my_threshold, my_fakes_missed, my_specificity, my_recall, paper_model,
                     val) -> str:
    import numbers

    import numpy as np

    from dfkit.training import trainer as training

    if (not isinstance(my_threshold, numbers.Real) or isinstance(my_threshold, bool)
            or not 0 < my_threshold < 1):
        raise Incorrect("my_threshold should be a number between 0 and 1.")
    result = training.evaluate(paper_model, val, threshold=float(my_threshold))
    _check_not_rounded(float(my_threshold), my_recall, result["recall"], paper_model, val)
    close(my_specificity, result["specificity"], decimals=2, what="my_specificity")
    close(my_recall, result["recall"], decimals=2, what="my_recall")
    if result["recall"] < RECALL_FLOOR - 1e-9:
        raise Incorrect(f"At {my_threshold} the model finds fewer than {RECALL_FLOOR:.0%} of "
                        "the validation fakes: the task keeps recall at 0.90 or more. Which "
                        "way must the threshold move to call more faces fake?")
    scores = np.asarray(training.predict(paper_model, val), dtype=float).ravel()
    best = _best_specificity(scores, val.labels)
    if result["specificity"] < best - 1e-9:
        raise Incorrect(f"At {my_threshold} the model still finds at least {RECALL_FLOOR:.0%} of "
                        "the fakes, but another threshold keeps more real faces with the same "
                        "guarantee. Sort the validation fakes' scores: how far can the threshold "
                        "rise before more than one fake in ten falls below it?")
    labels = np.asarray(val.labels).ravel()
    fakes, reals = scores[labels == 1], scores[labels == 0]
    missed = int((fakes < float(my_threshold)).sum())
    said = _whole_number(my_fakes_missed, "my_fakes_missed")
    if said != missed:
        if said == int((fakes <= float(my_threshold)).sum()):
            raise Incorrect("my_fakes_missed counts a fake whose score equals my_threshold: a "
                            "face at or above the threshold is called fake, so that one is "
                            "found, not missed.")
        if said == int((reals < float(my_threshold)).sum()):
            raise Incorrect("my_fakes_missed counts the real faces below the threshold (those "
                            "it keeps): count the validation fakes (label 1) that score "
                            "below it.")
        raise Incorrect(f"my_fakes_missed is {said}, but that is not how many validation "
                        "fakes score below my_threshold: sort the fakes' scores (label 1) and "
                        "count those below your threshold.")
    at_half = training.evaluate(paper_model, val)
    return (f"the threshold misses {missed} of the {len(fakes)} validation fakes, and no "
            "threshold keeps more real faces at that guarantee. At 0.5 this model kept "
            f"{at_half['specificity']:.0%} of the validation real faces and found "
            f"{at_half['recall']:.0%} of the fakes; at {my_threshold:.3g} it keeps "
            f"{result['specificity']:.0%} and finds {result['recall']:.0%}. Raising the "
            "threshold keeps real faces and costs found fakes; how many real faces a recall "
            "of 0.90 leaves you depends on how well the model ranks. The threshold was chosen "
            "on validation data, as it must be. " + _against_fig14(result["specificity"],
                                                      result["recall"]))


# the paper's Fig 14, its confusion matrix for Model 2 on its own test faces
PAPER_RECALL, PAPER_SPECIFICITY = 0.977, 0.44


def _against_fig14(specificity: float, recall: float) -> str:
    """q3's comparison with the paper's Fig 14 (report_04 (19), finding 6: the chapter asked
    for it and nothing took it up). Only a pair on one side of the paper's in both numbers
    says which model ranked better; otherwise the two pairs do not decide."""
    fig14 = (f"The paper's Fig 14 gives {PAPER_RECALL:.1%} recall with "
             f"{PAPER_SPECIFICITY:.0%} specificity (its own test faces, and a model kept by a "
             "rule it does not state: a rough comparison). ")
    if specificity < PAPER_SPECIFICITY and recall <= PAPER_RECALL:
        # both sides named (report2_04, finding 4: "it" read as the student's model)
        return fig14 + (f"The paper's model kept {PAPER_SPECIFICITY:.0%} of real faces at "
                        f"{PAPER_RECALL:.1%} recall; yours keeps {specificity:.0%} at "
                        f"{recall:.1%}: the paper's pair is better on both counts, but on "
                        "other faces, so it does not say which network ranks better.")
    if specificity >= PAPER_SPECIFICITY and recall >= PAPER_RECALL:
        return fig14 + (f"This model keeps {specificity:.0%} at {recall:.1%} recall: at least "
                        "as many real faces at no lower recall, on other faces.")
    return fig14 + (f"This model keeps {specificity:.0%} at {recall:.1%} recall: neither pair "
                    "keeps more real faces at a higher recall, so they do not say which "
                    "model ranks better.")


q3 = Exercise(
    name="q3",
    prompt="Move `paper_model`'s threshold, on the validation split, to keep as many real faces "
           "as possible while still finding at least 90% of the fakes: store it in "
           "`my_threshold` (unrounded), how many validation fakes score below it in "
           "`my_fakes_missed` (counted from the scores, or evaluate's 'fn': either is "
           "accepted), and the specificity and recall it gives in `my_specificity`, "
           "`my_recall` (2 decimals).",
    names=("my_threshold", "my_fakes_missed", "my_specificity", "my_recall"),
    context=("paper_model", "val"),
    checker=_check_threshold,
    hints=("A face is called fake when its score is at or above the threshold, so a higher "
           "threshold keeps more real faces and misses more fakes. How high can it go while "
           "at most one fake in ten falls below it?",
           "The scores from training.predict(paper_model, val) line up with val.labels "
           "(1 = fake): "
           "sort the fakes' scores, find the highest threshold that still leaves 90% of them at "
           "or above it (how many may fall below?), then pass it to "
           "training.evaluate(paper_model, val, threshold=...)."),
    kind="modify",
)

q4 = choice(
    name="q4",
    prompt="Stage 2's projected shortcut (1×1 convolution, stride 2, then batch norm), at "
           "every other row and column of the block's input, turns the 32 channels x into 64 "
           "with one weight matrix W (64 rows × 32 columns): y = W·x, output j being "
           "y[j] = Σᵢ W[j, i]·x[i]. Let g be the gradient that reaches y (64 numbers, batch "
           "norm's backward step already applied). Along this path, what gradient reaches "
           "input channel i (one of the 32) at a position the stride lands on?",
    variable="q4_answer",
    # report_04 (20) finding 3: the stem defined Wᵀ and only two options used it; then a
    # re-read (2026-12-07) picked the key as the only option writing W[j, i] as the stem does,
    # and ruled the others out by shape. Now every option sums W[j, i] over all 64 outputs,
    # and only the chain rule (what multiplies each weight) tells them apart
    options={"a": "Σⱼ W[j, i]·g[j]·x[i], j = 0…63: each weight of column i times the "
                  "matching number of g, times the input x[i] itself",
             "b": "Σⱼ W[j, i]·g[j], j = 0…63: each weight of column i times the matching "
                  "number of g",
             "c": "g[i]·Σⱼ W[j, i], j = 0…63: the sum of column i of W, times the i-th "
                  "number of g",
             "d": "Σⱼ W[j, i]·y[j], j = 0…63: each weight of column i times the matching "
                  "output y[j]"},
    answer="b",
    feedback={"a": "Times x[i] is the gradient of the weights, not of the input: "
                   "y[j] = Σᵢ W[j, i]·x[i] changes by W[j, i] when x[i] changes, so the "
                   "input's gradient sums W[j, i]·g[j] over j = 0…63, the i-th number of "
                   "Wᵀ·g (Wᵀ: W with rows and columns swapped). W[j, i]'s own gradient is "
                   "g[j]·x[i].",
              "b": "output j is Σᵢ W[j, i]·x[i], so input channel i changes output j by "
                   "W[j, i], and the chain rule sums W[j, i]·g[j] over all 64 outputs: the "
                   "i-th number of Wᵀ·g (Wᵀ: W with rows and columns swapped, 32 × 64). "
                   "Changed by learned weights, but a far shorter path than F's two 3×3 "
                   "convolutions and ReLU. A position the stride skipped never changed the "
                   "shortcut's output, so this path sends it 0; it gets gradient through F "
                   "only.",
              "c": "That weighs every output's weight by one number of g, g[i], as if "
                   "output i alone reached back. Input channel i changes output j by W[j, i], "
                   "and each output j has its own g[j]: the chain rule sums W[j, i]·g[j] over "
                   "j, the i-th number of Wᵀ·g.",
              "d": "y[j] is the forward output, not how the loss changes with it: the chain "
                   "rule sums W[j, i]·g[j] over j, each weight times the gradient g[j] that "
                   "reaches y[j]: the i-th number of Wᵀ·g."},
    hints=("A derivative measures how the output changes when an input changes: when input "
           "channel i changes by a little, which outputs y[j] change, and by how much?",
           "From y[j] = Σᵢ W[j, i]·x[i]: the derivative of y[j] with respect to x[i] is one "
           "entry of W. Weigh each g[j] by it, and sum over j."),
)

# q5's scores, in no order: 3 fakes and 7 real faces; every fake and four real faces score
# above 0.5, and one real face outscores one fake (so no threshold classifies every face
# right). Its answers (0.952, 0.714) are asked to 3 decimals: no number printed near it. The
# numbers may come from a library (sklearn's roc_auc_score, dfkit's metrics): they are the
# way in; q5_answer then asks what the student's own threshold changes in the verdicts (a
# count of faces, not a phrase the chapter's prose states: report 17c), judged before the
# checker says anything of it.
Q5_LABELS = (0, 1, 0, 0, 1, 0, 0, 1, 0, 0)
Q5_SCORES = (0.58, 0.81, 0.39, 0.72, 0.64, 0.47, 0.61, 0.93, 0.55, 0.44)
Q5_DECIMALS = 3
Q5_OPTIONS = {
    "a": "it keeps 3 more of the 7 real faces, and every fake is still found",
    "b": "it keeps 3 more of the 7 real faces, and one of the 3 fakes is now missed",
    "c": "it keeps all 7 real faces, and every fake is still found: the ranking is perfect",
    "d": "the ranking is poor (a ROC-AUC under 0.9): no threshold lifts the balanced accuracy "
         "above 0.8",
}
Q5_KEY = "a"
Q5_FEEDBACK = {
    "b": "Count the fakes (label 1) that score below your q5_threshold: a face at or above "
         "the threshold is called fake. How many of the three fall below it?",
    "c": "Your q5_auc is below 1: at least one real face outscores a fake, so no threshold "
         "keeps every real face and finds every fake. Count the real faces that score at or "
         "above your q5_threshold.",
    "d": "Look at your own q5_auc: above 0.95, so in nearly every (fake, real) pair the fake "
         "scores higher, and your q5_threshold's balanced accuracy is far above 0.8. Count "
         "what the move from 0.5 changes in the verdicts.",
}


def _check_ranking(q5_auc, q5_balanced_accuracy, q5_threshold, q5_answer) -> str:
    import numbers

    from dfkit.evaluation import metrics

    close(q5_auc, metrics.summary(Q5_LABELS, Q5_SCORES)["roc_auc"], decimals=Q5_DECIMALS,
          what="q5_auc")
    at_half = metrics.summary(Q5_LABELS, Q5_SCORES, 0.5)["balanced_accuracy"]
    close(q5_balanced_accuracy, at_half, decimals=Q5_DECIMALS, what="q5_balanced_accuracy")
    if not isinstance(q5_threshold, numbers.Real) or isinstance(q5_threshold, bool):
        raise Incorrect(f"q5_threshold should be a number, got {q5_threshold!r}.")
    best = max(metrics.summary(Q5_LABELS, Q5_SCORES, s)["balanced_accuracy"] for s in Q5_SCORES)
    result = metrics.summary(Q5_LABELS, Q5_SCORES, float(q5_threshold))
    if result["balanced_accuracy"] < best - 1e-9:
        raise Incorrect(f"Another threshold gives a higher balanced accuracy than "
                        f"{q5_threshold}. A face is called fake when its score is at or above "
                        "the threshold: sort the faces by score and count, for a threshold in "
                        "each gap between neighbouring scores, the fakes it finds and the real "
                        "faces it keeps.")
    judge_choice(q5_answer, Q5_OPTIONS, "q5_answer", Q5_KEY, Q5_FEEDBACK)
    auc = metrics.summary(Q5_LABELS, Q5_SCORES)["roc_auc"]
    return (f"the ranking is nearly perfect (ROC-AUC {auc:.3f}), yet at 0.5 the balanced "
            f"accuracy is only {at_half:.3f}, and at your threshold it is {best:.3f}, with "
            "the same scores: the move keeps three more real faces and loses no fake. "
            "ROC-AUC alone cannot show a poor threshold: a model judged by ROC-AUC alone "
            "still needs its threshold chosen, on validation data.")


q5 = Exercise(
    name="q5",
    prompt="For the scores `q5_scores` (labels `q5_labels`, 1 = fake): compute the ROC-AUC "
           "(`q5_auc`) and the balanced accuracy at 0.5 (`q5_balanced_accuracy`), 3 decimals, "
           "and find a threshold `q5_threshold` whose balanced accuracy no other threshold "
           "beats. Then set `q5_answer` to the letter of what moving the threshold from 0.5 to "
           "your q5_threshold does to the verdicts on these ten faces.",
    names=("q5_auc", "q5_balanced_accuracy", "q5_threshold", "q5_answer"),
    checker=_check_ranking,
    options=Q5_OPTIONS,
    hints=("ROC-AUC is the chance that a random fake scores higher than a random real face; "
           "balanced accuracy at a threshold is the mean of recall and specificity there. "
           "Which of the two does moving the threshold change?",
           "Sort the faces by score, keeping each face's label: count the (fake, real) pairs "
           "in which the fake scores higher, and the faces that clear 0.5."),
    kind="compute",
)
q5._key = Q5_KEY  # the course-wide balance tests read it; private, as for choice()
