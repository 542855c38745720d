"""Chapter 09 exercises: unfreezing the top blocks, predicting fine-tuning, BatchNorm in
inference mode, augmentation's effect on the probe, and what a linear probe trains."""

from __future__ import annotations

import functools

from dfkit.course.exercises import (
    Exercise,
    Incorrect,
    ____,  # noqa: F401 (re-exported: a chapter imports its checkers and the blank in one line)
    call_answer,
    choice,
    close,
    prediction,
)

# --- q1 · implement: unfreeze the top n blocks --------------------------------------------


@functools.cache
def _expected_trainable(n: int) -> frozenset[str]:
    """The layers with weights that the course's own set_trainable_blocks leaves trainable for
    ``n`` (built once per ``n``: an EfficientNet-Lite0 takes seconds to build on a CPU)."""
    from dfkit.models import backbones

    backbone = backbones.lite0_architecture((32, 32, 3))
    return frozenset(layer.name for layer in backbones.set_trainable_blocks(backbone, n).layers
                     if layer.trainable and layer.weights)


def _check_unfreeze(unfreeze_top) -> None:
    import keras

    from dfkit.models import backbones

    net = backbones.lite0_architecture((32, 32, 3))
    for n in (0, 1, 3, 7, 12):  # hidden: none, one, several, and n >= 7 (block09 ... block03)
        net.trainable = True  # one network for every n: undo what the last call did
        for layer in net.layers:  # start from a state the student's code must undo
            layer.trainable = isinstance(layer, keras.layers.BatchNormalization)
        returned = call_answer(unfreeze_top, net, n, what=f"unfreeze_top(backbone, {n})")
        if returned is not net:
            raise Incorrect("Return the backbone you were given (after changing its layers).")
        got = {layer.name for layer in net.layers if layer.trainable and layer.weights}
        want = _expected_trainable(n)
        bn = [name for name in got if name.endswith("_bn")]
        if bn:
            raise Incorrect(f"With n={n}, BatchNormalization layers are trainable ({sorted(bn)[:2]}"
                            "...): keep every BatchNormalization layer frozen.")
        if got - want:
            extra = sorted(got - want)[:3]
            raise Incorrect(f"With n={n}, these layers should stay frozen: {extra}...")
        if want - got:
            missing = sorted(want - got)[:3]
            raise Incorrect(f"With n={n}, these layers should be trainable: {missing}... "
                            "(the top n blocks, and the top_ layers when n > 0).")


q1 = Exercise(
    name="q1",
    prompt="Write unfreeze_top(backbone, n): the top n blocks (and top_ layers when n > 0) "
           "trainable, every other layer frozen, BatchNormalization always frozen. Block names "
           "are zero-padded: block00_ ... block15_.",
    names=("unfreeze_top",),
    checker=_check_unfreeze,
    hints=("Blocks are numbered 00 to 15 from input to output, so the top n are the last n "
           "numbers, written with two digits (block09, not block9). Decide for every layer on "
           "its name's prefix, then overrule BatchNorm.",
           "Every Keras layer has a name and a trainable flag, and the part of a Lite0 layer's "
           "name before its first underscore names its block. BatchNorm can be recognised by "
           "the layer's class, whatever its name."),
    kind="implement",
)

# --- q2 · predict then run: does fine-tuning beat the probe trained as long? ---------------

MARGIN = 0.02


def fine_tune_outcome(probe_longer_scores: dict, tuned_scores: dict) -> str:
    """Which q2 option happened: the fine-tuned minus the longer probe's test ROC-AUC."""
    gain = tuned_scores["test ROC-AUC"] - probe_longer_scores["test ROC-AUC"]
    return "a" if gain > MARGIN else "c" if gain < -MARGIN else "b"


def _interval(scores: dict) -> tuple[float, float] | None:
    interval = scores.get("95% interval")
    if isinstance(interval, (tuple, list)) and len(interval) == 2:
        return float(interval[0]), float(interval[1])
    return None


def run_reading(probe_longer_scores: dict, tuned_scores: dict) -> str:
    """What this run's intervals allow one to say about the gap (the q2 'why', per run)."""
    gain = tuned_scores["test ROC-AUC"] - probe_longer_scores["test ROC-AUC"]
    a, b = _interval(probe_longer_scores), _interval(tuned_scores)
    if a is None or b is None:
        return (f"The gap was {gain:+.3f}; without intervals this run cannot say whether that is "
                "more than noise.")
    shown = f"[{a[0]:.2f}, {a[1]:.2f}] and [{b[0]:.2f}, {b[1]:.2f}]"
    if a[0] <= b[1] and b[0] <= a[1]:
        return (f"The gap was {gain:+.3f}, and the 95% intervals {shown} overlap. An overlap "
                "does not show that the two are alike (an interval of the difference, section 5, "
                "is the test), but it shows this run does not settle it: the option names what "
                "the point estimates did, not a difference the run can defend.")
    return (f"The gap was {gain:+.3f} and the 95% intervals {shown} do not overlap: on this run "
            "the difference is probably more than noise (one seed, one split, though).")


q2 = prediction(
    name="q2",
    prompt="Both models start from the trained probe and get the same budget of further "
           "epochs: one keeps the backbone frozen, the other fine-tunes its top 4 blocks. The "
           "fine-tuned test ROC-AUC compared with the longer-trained probe's will be:",
    variable="q2_prediction",
    options={"a": "higher by more than 0.02", "b": "within 0.02 of the probe's",
             "c": "lower by more than 0.02"},
    outcome=fine_tune_outcome,
    context=("probe_longer_scores", "tuned_scores"),
    explanation="fine-tuning can adapt the top filters to the faces, which helps when there is "
                "enough data and epochs; with few images, few epochs and a low learning rate it "
                "may change little, and on small data it can also overfit.",
    hints=("Think about how many images and epochs the ci profile has, and how far a learning "
           "rate of 1e-4 moves pretrained weights in that time.",
           "Compare `tuned_scores['test ROC-AUC']` with `probe_longer_scores['test ROC-AUC']` "
           "after the fine-tuning cell ran, and look at their intervals."),
)
_predicted = q2.checker


def _q2_checker(**values) -> str:
    """The prediction's verdict, followed by what this run's intervals allow one to say."""
    reading = run_reading(values["probe_longer_scores"], values["tuned_scores"])
    try:
        return f"{_predicted(**values)} {reading}"
    except Incorrect as wrong:
        raise Incorrect(f"{wrong} {reading}") from None


q2.checker = _q2_checker

# --- q3 · explain: BatchNorm in inference mode ----------------------------------------------

q3 = choice(
    name="q3",
    prompt="Why does fine-tuning keep the backbone's BatchNorm in inference mode "
           "(backbone(x, training=False))?",
    variable="q3_answer",
    options={
        "a": "BatchNormalization layers hold no weights of their own, so in training mode there "
             "would be nothing for the optimizer to update in them anyway.",
        "b": "Inference mode is what switches the augmentation layers off, and augmented faces "
             "would otherwise reach the frozen backbone during fine-tuning.",
        "c": "Statistics of small batches from one domain are noisy and shifted, and the layers "
             "after each BatchNorm were trained on ImageNet's.",
        "d": "It makes each training step faster on a CPU, and that speed is the main reason "
             "the Keras guide gives for freezing the BatchNorm layers.",
    },
    answer="c",
    feedback={
        "c": "Right: re-estimated statistics would shift every activation downstream and undo "
             "the pretrained features before the head has learned anything.",
        "a": "They do: a scale and an offset (gamma, beta), plus the moving mean and variance.",
        "d": "It saves a little work, but the reason is what it does to the activations.",
        "b": "The augmentation layers sit outside the backbone and follow the outer model's "
             "training flag; training=False on the backbone does not touch them.",
    },
    hints=("What does BatchNorm do differently in training mode, and what were the layers after "
           "it trained to expect?",
           "In training mode BatchNorm normalises with the current batch's mean and variance and "
           "updates its moving averages; in inference mode it uses the stored ones."),
)

# --- q4 · modify the experiment: the probe without augmentation -----------------------------


def _check_gain(augmentation_gain, noaug_scores, probe_scores) -> str:
    if not isinstance(noaug_scores, dict) or "test ROC-AUC" not in noaug_scores:
        raise Incorrect("`noaug_scores` should be what `scores(model)` returns for the probe "
                        "trained without augmentation.")
    expected = probe_scores["test ROC-AUC"] - noaug_scores["test ROC-AUC"]
    if isinstance(augmentation_gain, (int, float)) and abs(augmentation_gain + expected) < 0.005 \
            and abs(expected) >= 0.01:
        raise Incorrect("The sign is reversed: with augmentation minus without.")
    close(augmentation_gain, expected, decimals=2, what="augmentation_gain")
    return (f"on your run augmentation changed the probe's test ROC-AUC by {expected:+.3f}; with "
            "one seed and a small test set, a change of a few points can be noise.")


q4 = Exercise(
    name="q4",
    prompt="Train the probe without augmentation; report augmentation_gain = test ROC-AUC with "
           "augmentation minus without (2 decimals).",
    names=("augmentation_gain", "noaug_scores"),
    checker=_check_gain,
    context=("probe_scores",),
    hints=("A difference is augmentation's only if nothing else differs: the same seed, "
           "epochs, early stopping and split as the probe it is compared with.",
           "The probe's builder has a switch for augmentation; section 3's training cell shows "
           "how the chapter fits a model with early stopping, and section 2's scores() measures "
           "it. Read them for which arguments carry the profile's settings."),
    kind="modify",
)

# --- q5 · compute: what a linear probe trains ------------------------------------------------


def _check_probe_weights(probe_weights) -> None:
    if probe_weights == 1280:
        raise Incorrect("Almost: the sigmoid unit also has a bias.")
    if isinstance(probe_weights, int) and probe_weights > 100_000:
        raise Incorrect("That counts the backbone too, but a linear probe freezes it: count only "
                        "what the builder adds on top.")
    if probe_weights == 1:
        raise Incorrect("The unit has one weight per input feature: how many features does the "
                        "backbone's global average pooling give?")
    if probe_weights != 1281:
        raise Incorrect("Count one weight per pooled feature of the backbone, plus the bias.")


q5 = Exercise(
    name="q5",
    prompt="How many weights (scalars) does the linear probe train? Store it in probe_weights.",
    names=("probe_weights",),
    checker=_check_probe_weights,
    hints=("Only the Dense(1) head on top of the frozen backbone learns; dropout has no weights.",
           "The backbone's head convolution has 1,280 filters and global average pooling keeps "
           "one number per filter; a Dense unit has one weight per input plus a bias."),
)
