"""Chapter 04 exercises: the paper's stop rule as a callback, predicting how its models rank,
moving the threshold on validation, projected shortcuts, and a ranking that is nearly perfect while
its 0.5 threshold is poor (computed, not written: no free text is marked by a machine)."""

from __future__ import annotations

import pandas as pd

from dfkit.course.exercises import (
    Exercise,
    Incorrect,
    ____,  # noqa: F401 (re-exported: a chapter imports its checkers and the blank in one line)
    call_answer,
    choice,
    close,
    prediction,
)


class _Model:
    stop_training = False


# q1's made-up epochs: (val_recall, training recall) per epoch, and the epoch (0-based) at
# which the rule must stop, None where it never should. They put the crossing at different
# epochs, make the two recalls disagree both ways, and include val_recall exactly 0.98.
Q1_SEQUENCES = (
    ([(0.5, 0.99), (0.97, 0.99), (0.98, 0.99), (0.985, 0.5)], 3),
    ([(0.99, 0.3)], 0),
    ([(0.2, 0.1), (0.6, 0.99), (1.0, 0.4)], 2),
    ([(0.6, 0.2), (0.9, 1.0), (0.98, 0.995), (0.979, 1.0), (0.95, 0.99)], None),
    ([(0.97, 0.99), (0.9801, 0.2)], 1),
)


def _stop_mistake(val_recall: float, recall: float, epoch: int) -> str:
    """Why a callback that stopped at this epoch (where it should not have) is wrong."""
    if val_recall == 0.98:
        return ("It stopped at val_recall = 0.98; the rule is val_recall > 0.98 (strictly "
                "greater).")
    if recall > 0.98:
        return (f"It stopped after an epoch with val_recall = {val_recall}, while the training "
                f"recall was {recall}: it must read 'val_recall' from the logs, not 'recall'.")
    return (f"It stopped after epoch {epoch + 1} (Keras passes epoch {epoch}), where val_recall "
            f"was {val_recall}: the rule looks at the validation recall of each epoch, nothing "
            "else (not the epoch number, not the training recall).")


def _check_callback(MyRecallStop) -> None:  # noqa: N803 (a class, named as the student writes it)
    import keras

    if not (isinstance(MyRecallStop, type) and issubclass(MyRecallStop, keras.callbacks.Callback)):
        raise Incorrect("MyRecallStop should be a class that subclasses keras.callbacks.Callback.")
    from dfkit.training import trainer

    if issubclass(MyRecallStop, (trainer.RecallThresholdStop, keras.callbacks.EarlyStopping)):
        raise Incorrect("MyRecallStop reuses a ready-made stopping callback: write the rule yourself, "
                        "subclassing keras.callbacks.Callback and overriding on_epoch_end.")
    for epochs, stop_at in Q1_SEQUENCES:
        cb = call_answer(MyRecallStop, what="MyRecallStop()")  # a fresh one per made-up run
        cb.set_model(_Model())
        for epoch, (val_recall, recall) in enumerate(epochs):
            logs = {"loss": 0.4, "recall": recall, "val_loss": 0.5, "val_recall": val_recall}
            cb.on_epoch_end(epoch, logs)
            stopped = bool(cb.model.stop_training)
            if stopped and epoch != stop_at:
                raise Incorrect(_stop_mistake(val_recall, recall, epoch))
            if epoch == stop_at and not stopped:
                raise Incorrect(f"It did not stop after an epoch with val_recall = {val_recall} "
                                f"(training recall {recall}). At the end of each epoch, read "
                                "the validation recall from the logs and tell the model to "
                                "stop once it exceeds 0.98.")
            if stopped:
                break  # fit would end here


q1 = Exercise(
    name="q1",
    prompt="Write the paper's stop rule as a Keras callback class `MyRecallStop`: stop training "
           "once val_recall > 0.98.",
    names=("MyRecallStop",),
    checker=_check_callback,
    hints=("A callback is a class Keras calls at fixed moments; the rule needs the moment an "
           "epoch ends, and the validation metrics of that epoch.",
           "Subclass keras.callbacks.Callback and override on_epoch_end(self, epoch, logs=None); "
           "the metrics are in the logs dictionary, and the model stops when its stop_training "
           "attribute is True."),
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
                "epoch. In the default profile the gap is wide in every seed (the recorded "
                "table below); in the tiny ci profile, with 2 epochs, it can be small.",
    hints=("ROC-AUC does not look at the 0.5 threshold at all. What does each rule look at when "
           "it stops, and which of those things does ROC-AUC measure?",
           "A seed's two runs start from the same weights and see the same batches. Which epoch "
           "of that shared run does each rule keep, and how much has the network learnt by "
           "then?"),
)


def _check_threshold(my_threshold, my_specificity, my_recall, q3_direction, q3_cost,
                     paper_model, val) -> str:
    import numbers

    from dfkit.training import trainer as training

    if (not isinstance(my_threshold, numbers.Real) or isinstance(my_threshold, bool)
            or not 0 < my_threshold < 1):
        raise Incorrect("my_threshold should be a number between 0 and 1.")
    if my_threshold == 0.5:
        raise Incorrect("Choose a threshold other than 0.5: the point is to see what moving it "
                        "does.")
    scores = training.predict(paper_model, val)
    if not scores.min() < my_threshold <= scores.max():
        one = "fake" if my_threshold <= scores.min() else "real"
        raise Incorrect(f"At {my_threshold} every validation face is called {one}: one answer "
                        "for all, which tells you nothing about the model. Look at the "
                        "validation scores first (training.predict(paper_model, val)) and "
                        "choose a threshold that some faces clear and some do not.")
    result = training.evaluate(paper_model, val, threshold=float(my_threshold))
    close(my_specificity, result["specificity"], decimals=2, what="my_specificity")
    close(my_recall, result["recall"], decimals=2, what="my_recall")
    if q3_direction not in ("up", "down"):
        raise Incorrect(f'q3_direction should be "up" or "down", got {q3_direction!r}.')
    if q3_direction != "up":
        raise Incorrect("Not down: a face is called fake when its score is at or above the "
                        "threshold, so a lower threshold calls more faces fake and keeps fewer "
                        "real ones. Compare the specificity at two of your thresholds.")
    if q3_cost not in ("recall", "specificity"):
        raise Incorrect(f'q3_cost should be "recall" or "specificity", got {q3_cost!r}.')
    if q3_cost != "recall":
        raise Incorrect("Specificity is what a higher threshold gains (more real faces kept). "
                        "Which of your two numbers fell as the threshold rose?")
    return ("Correct. A higher threshold calls fewer faces fake: more real faces are kept "
            "(specificity rises) and more fakes are missed (recall falls). Where to put it "
            "is chosen on validation data, as here.")


q3 = Exercise(
    name="q3",
    prompt="Evaluate `paper_model` on the validation split at a threshold of your choice "
           "(not 0.5); "
           "store it in `my_threshold`, and its specificity and recall in `my_specificity`, "
           "`my_recall` (2 decimals). To keep more real faces, must the threshold move "
           '`q3_direction = "up"` or `"down"`, and which falls, `q3_cost = "recall"` or '
           '`"specificity"`?',
    names=("my_threshold", "my_specificity", "my_recall", "q3_direction", "q3_cost"),
    context=("paper_model", "val"),
    checker=_check_threshold,
    hints=("A face is called fake when its score is at or above the threshold. To keep more real "
           "faces, fewer faces must clear it; a threshold that no face clears, or that every "
           "face clears, gives every face one answer.",
           "training.evaluate takes a threshold= argument and returns a dictionary of metrics; "
           "pass it the validation batches, not test."),
    kind="modify",
)

q4 = choice(
    name="q4",
    prompt="On stage 2's projected shortcut (1×1 convolution, stride 2), what happens to the "
           "gradient on its way back to the block's input?",
    variable="q4_answer",
    options={"a": "it passes back unchanged, as through stage 1's identity shortcut: the 1×1 "
                  "weights act only on the forward pass",
             "b": "it stops there: a 1×1 convolution has no spatial extent, so it has no "
                  "gradient to pass back to the input",
             "c": "it is lost on that path: the stride of 2 drops three of every four input "
                  "positions, and none comes back",
             "d": "it goes back through batch norm and the 1×1 weights (mixing channels) to "
                  "the positions the stride read"},
    answer="d",
    feedback={"a": "Only an identity shortcut passes the gradient unchanged. Stage 2's shortcut "
                   "is a layer with weights of its own: look at residual_block's `if`.",
              "b": "A 1×1 convolution is a learned linear map over the channels at each position; "
                   "it has a gradient like any other convolution.",
              "c": "Half true: the positions the stride skips get no gradient from this path. "
                   "The sampled ones do, and every position also gets gradient back through F.",
              "d": "A 1×1 convolution multiplies each read position's channels by one matrix, "
                   "so the chain rule multiplies the gradient by the same matrix turned round "
                   "(its transpose: output channels back to input channels). Changed, but a far "
                   "shorter path than F's two 3×3 convolutions and ReLU; positions the stride "
                   "skipped get gradient through F only."},
    hints=("Which blocks have an identity shortcut, and what is different about the others?",
           "A 1×1 convolution multiplies each position's channel vector by a weight matrix; what "
           "does the chain rule do with a multiplication?"),
)

# q5's scores, in no order: every face but one real face scores above 0.5, and one real face
# outscores one fake (so no threshold classifies every face right)
Q5_LABELS = (1, 0, 0, 1, 0, 1, 0, 1, 0, 1)
Q5_SCORES = (0.83, 0.57, 0.74, 0.69, 0.46, 0.95, 0.66, 0.78, 0.61, 0.88)


def _check_ranking(q5_auc, q5_balanced_accuracy, q5_threshold) -> str:
    import numbers

    from dfkit.evaluation import metrics

    close(q5_auc, metrics.summary(Q5_LABELS, Q5_SCORES)["roc_auc"], decimals=2, what="q5_auc")
    at_half = metrics.summary(Q5_LABELS, Q5_SCORES, 0.5)["balanced_accuracy"]
    close(q5_balanced_accuracy, at_half, decimals=2, what="q5_balanced_accuracy")
    if not isinstance(q5_threshold, numbers.Real) or isinstance(q5_threshold, bool):
        raise Incorrect(f"q5_threshold should be a number, got {q5_threshold!r}.")
    best = max(metrics.summary(Q5_LABELS, Q5_SCORES, s)["balanced_accuracy"] for s in Q5_SCORES)
    result = metrics.summary(Q5_LABELS, Q5_SCORES, float(q5_threshold))
    if result["balanced_accuracy"] < best - 1e-9:
        raise Incorrect(f"At {q5_threshold} the model gets recall {result['recall']:.2f} and "
                        f"specificity {result['specificity']:.2f} (balanced accuracy "
                        f"{result['balanced_accuracy']:.2f}); another threshold does better. "
                        "A face is called fake when its score is at or above the threshold: "
                        "sort the faces by score and count, for a threshold in each gap "
                        "between neighbouring scores, the fakes it finds and the real faces "
                        "it keeps.")
    auc = metrics.summary(Q5_LABELS, Q5_SCORES)["roc_auc"]
    return (f"Correct. The ranking is nearly perfect (ROC-AUC {auc:.2f}), yet at 0.5 the "
            f"balanced accuracy is only {at_half:.2f}, and at your threshold it is "
            f"{best:.2f}. The ranking is good; the threshold was wrong. A model judged by "
            "ROC-AUC alone still needs its threshold chosen, on validation data.")


q5 = Exercise(
    name="q5",
    prompt="For the scores `q5_scores` (labels `q5_labels`, 1 = fake): compute the ROC-AUC "
           "(`q5_auc`) and the balanced accuracy at 0.5 (`q5_balanced_accuracy`), 2 decimals, "
           "and find a threshold `q5_threshold` whose balanced accuracy no other threshold "
           "beats.",
    names=("q5_auc", "q5_balanced_accuracy", "q5_threshold"),
    checker=_check_ranking,
    hints=("ROC-AUC is the chance that a random fake scores higher than a random real face; "
           "balanced accuracy at a threshold is the mean of recall and specificity there.",
           "Sort the faces by score, keeping each face's label: count the (fake, real) pairs "
           "in which the fake scores higher, and the faces that clear 0.5."),
    kind="compute",
)
