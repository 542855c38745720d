"""Chapter 09 exercises: unfreezing the top blocks, predicting fine-tuning, BatchNorm in
inference mode, augmentation's effect on the probe, and what a linear probe trains."""

from __future__ import annotations

import functools
import inspect

from dfkit.course.exercises import (
    Exercise,
    Incorrect,
    ____,  # noqa: F401 (re-exported: a chapter imports its checkers and the blank in one line)
    call_answer,
    choice,
    code_fingerprint,
    held,
    hidden_rng,
    names_used,
    prediction,
    reached_values,
    refusing,
    watching_code,
)

# --- q1 · implement: unfreeze the top n blocks --------------------------------------------


@functools.cache
def _expected_trainable(n: int) -> frozenset[str]:
    """The weights (by path, ``layer/variable``) that the course's own set_trainable_blocks
    leaves trainable for ``n`` (-1: all of them): what ``backbone.trainable_weights`` lists,
    which is what the optimizer will train (built once per ``n``)."""
    from dfkit.models import backbones

    backbone = _frozen_lite0()
    if n == -1:  # every weight an optimizer could train: the whole backbone unfrozen
        backbone.trainable = True
    else:
        backbones.set_trainable_blocks(backbone, n)
    return frozenset(w.path for w in backbone.trainable_weights)


def _frozen_lite0():
    """A fresh Lite0 (small input, random weights), frozen the usual Keras way for a probe."""
    from dfkit.models import backbones

    net = backbones.lite0_architecture((32, 32, 3))
    net.trainable = False
    return net


@functools.cache
def _library_fingerprint() -> str:
    """The fingerprint of dfkit's set_trainable_blocks's code (taken before any check swaps it)."""
    from dfkit.models import backbones

    return code_fingerprint(backbones.set_trainable_blocks)


def _calls_the_library(unfreeze_top) -> bool:
    """True when the answer is dfkit's set_trainable_blocks or hands the work to it (by its name,
    as ``backbones.set_trainable_blocks``, or under another name the notebook gave it), or is,
    or calls, a copy of its code: its source pasted under another name, or a
    ``types.FunctionType`` made from its ``__code__`` (the same compiled code, whatever the
    names: ``code_fingerprint``), or reaches that code object itself, kept in a global, a
    closure cell or a default, or inside a dict, list, tuple, namespace, module or partial
    one of them holds (student report 20), to build a function from while the check runs."""
    from dfkit.models import backbones

    library = backbones.set_trainable_blocks
    if unfreeze_top is library:
        return True
    names = names_used(unfreeze_top)  # in grading, worked out in the sandbox
    found = getattr(unfreeze_top, "__globals__", {})
    return ("set_trainable_blocks" in names or _library_fingerprint() in names
            or any(found.get(n) is library for n in names)
            or any(_is_library_code(v) for u in reached_values(unfreeze_top, names)
                   for v in held(u, modules=True)))


def _is_library_code(value) -> bool:
    """True for set_trainable_blocks's code object, or one compiled from the same code, kept
    where the answer reaches it (a global it names, a closure cell, a default): the answer
    can rebuild the library from it with ``types.FunctionType`` (student report 19)."""
    return inspect.iscode(value) and code_fingerprint(value) == _library_fingerprint()


_CALLED = "dfkit's set_trainable_blocks was called during the check"
_HANDS_OVER = ("unfreeze_top hands the work to dfkit's set_trainable_blocks, or is a copy of its "
               "code (pasted under another name, or made from its __code__): that is the "
               "function this exercise asks you to write (the chapter imports it for its own "
               "cells), and it assumes Lite0's 16 blocks, which yours must not. Set each "
               "layer's trainable flag in code of your own.")


def _refusal(*args, **kwargs):
    raise RuntimeError("dfkit's set_trainable_blocks was called during the check")


def _library_refuses():
    """While the answer runs, dfkit's set_trainable_blocks raises however it is reached (by name,
    ``getattr(backbones, ...)``, ``vars(backbones)[...]``, a default argument, a copy under
    another name): ``refusing`` swaps its code for a refusal, and puts it back after."""
    from dfkit.models import backbones

    return refusing([backbones.set_trainable_blocks], _refusal)


def _cases() -> list[int]:
    """The n checked: none, one or two, several, and one from 7 on (block09 ... : the zero
    padding), drawn from hidden_rng so that an instructor's secret changes them."""
    rng = hidden_rng("ch09.q1")
    return [0, int(rng.integers(1, 3)), int(rng.integers(3, 7)), int(rng.integers(7, 13))]


SMALL_BLOCKS = 11  # the other backbone's depth: block00_ ... block10_ (two digits, as Lite0's)


def _small_backbone():
    """A small backbone named as Lite0 is (stem_, blockNN_..., top_), but with SMALL_BLOCKS
    blocks, frozen the usual Keras way: an answer that assumes Lite0's 16 blocks (as dfkit's
    set_trainable_blocks does) unfreezes the wrong layers on it."""
    import keras
    from keras import layers

    inputs = keras.Input((4, 4, 3))
    x = layers.BatchNormalization(name="stem_bn")(layers.Conv2D(4, 1, name="stem_conv")(inputs))
    for i in range(SMALL_BLOCKS):
        x = layers.Conv2D(4, 1, name=f"block{i:02d}_project_conv")(x)
        x = layers.BatchNormalization(name=f"block{i:02d}_project_bn")(x)
    x = layers.BatchNormalization(name="top_bn")(layers.Conv2D(8, 1, name="top_conv")(x))
    net = keras.Model(inputs, layers.GlobalAveragePooling2D(name="avg_pool")(x),
                      name="small_backbone")
    net.trainable = False
    return net


def _small_expected(net, n: int) -> frozenset[str]:
    """What unfreeze_top(net, n) should leave trainable on the small backbone, from the names."""
    import keras

    top = {f"block{i:02d}" for i in range(SMALL_BLOCKS - n, SMALL_BLOCKS)} | (
        {"top"} if n else set())
    return frozenset(w.path for layer in net.layers if layer.name.split("_")[0] in top
                     and not isinstance(layer, keras.layers.BatchNormalization)
                     for w in layer.weights)


def _call(unfreeze_top, net, n) -> tuple[set[str], int]:
    """The answer on ``net`` while dfkit's set_trainable_blocks refuses to run; then what the
    checker reads of the backbone (its trainable weights' paths, how many layers say
    trainable), read while it still refuses: the answer returns a Keras model, not plain
    data, and code it left there (a property of a class it gave the model) would otherwise
    run the library after the refusal ended (hostile review 18)."""
    try:
        # a copy of the library's code, however the answer reached it, is seen when it runs
        library = {_library_fingerprint()}  # taken before the refusal swaps the code
        with _library_refuses(), watching_code(library) as copies:
            returned = call_answer(unfreeze_top, net, n, what=f"unfreeze_top(backbone, {n})")
            if copies:
                raise Incorrect(_HANDS_OVER)
            if returned is not net:
                raise Incorrect("Return the backbone you were given (after changing its layers).")
            try:
                trainable = {w.path for w in net.trainable_weights}
                flagged = sum(bool(layer.trainable) for layer in net.layers)
            except Exception as exc:  # noqa: BLE001 - the answer's code, run when read
                if _CALLED in str(exc):
                    raise Incorrect(_HANDS_OVER) from None
                raise Incorrect(f"Reading the backbone after unfreeze_top(backbone, {n}) raised "
                                f"{type(exc).__name__}: {exc}") from None
    except Incorrect as wrong:
        if _CALLED in str(wrong):
            raise Incorrect(_HANDS_OVER) from None
        raise
    return trainable, flagged


def _check_small(unfreeze_top) -> None:
    """The answer on a backbone of SMALL_BLOCKS blocks: it must count them, not assume 16."""
    n = int(hidden_rng("ch09.q1.small").integers(2, 6))
    net = _small_backbone()
    want = _small_expected(net, n)  # from the names, before the answer runs
    got, _ = _call(unfreeze_top, net, n)
    if got != want:
        layers_of = sorted({path.split("/")[0] for path in got ^ want})
        raise Incorrect(
            f"Right on Lite0, but on a backbone named the same way with {SMALL_BLOCKS} blocks "
            f"(block00_ ... block{SMALL_BLOCKS - 1:02d}_), unfreeze_top(backbone, {n}) got "
            f"these layers wrong: {layers_of[:3]}... Count the blocks from the backbone's "
            "layer names instead of assuming Lite0's 16.")


def _check_unfreeze(unfreeze_top) -> None:
    if _calls_the_library(unfreeze_top):
        raise Incorrect(_HANDS_OVER)
    cases = _cases()
    wanted = {n: _expected_trainable(n) for n in (*cases, -1)}  # before the library refuses
    for n in cases:
        net = _frozen_lite0()
        # what the optimizer will train: the model's trainable weights, not its layers' flags
        got, flagged = _call(unfreeze_top, net, n)
        want = wanted[n]
        if want and not got:
            raise Incorrect(
                f"With n={n}, the backbone has no trainable weight at all"
                + (f", although {flagged} of its layers say trainable=True" if flagged else "")
                + ". In Keras 3 a model whose own `trainable` is False hides the weights of "
                "every layer inside it, whatever their flags say, and the check hands you a "
                "backbone frozen that way (as a probe's often is). Set the backbone's own flag "
                "to True before the layers' flags: setting it propagates to every layer.")
        if n < 16 and got == wanted[-1]:
            raise Incorrect(f"With n={n}, every weight of the backbone is trainable, "
                            "BatchNorm's too. Setting a model's `trainable` sets the flag of "
                            "every layer inside it: set the backbone's own flag first, then "
                            "the layers'.")
        layer_of = sorted({path.split("/")[0] for path in got - want})
        bn = [name for name in layer_of if name.endswith("_bn")]
        if bn:
            raise Incorrect(f"With n={n}, BatchNormalization weights are trainable ({bn[:2]}"
                            "...): keep every BatchNormalization layer frozen.")
        if layer_of:
            raise Incorrect(f"With n={n}, these layers should stay frozen: {layer_of[:3]}... "
                            "(`backbone.trainable_weights` lists what the optimizer trains).")
        if missing := sorted({path.split("/")[0] for path in want - got}):
            raise Incorrect(f"With n={n}, these layers should be trainable: {missing[:3]}... "
                            "(the top n blocks, and the top_ layers when n > 0).")

    _check_small(unfreeze_top)


q1 = Exercise(
    name="q1",
    prompt="Write unfreeze_top(backbone, n): the top n blocks (and top_ layers when n > 0) "
           "trainable, every other layer frozen, BatchNormalization always frozen. Block names "
           "are zero-padded (block00_, block01_, ...). Count the blocks from the layer names: "
           "each n is checked on a fresh Lite0 (16 blocks) and on a smaller backbone named the "
           "same way, each frozen with backbone.trainable = False; the check reads "
           "backbone.trainable_weights.",
    names=("unfreeze_top",),
    checker=_check_unfreeze,
    hints=("Blocks are numbered from 00 at the input up, so the top n are the last n numbers, "
           "written with two digits (block09, not block9); the highest number in the layer "
           "names tells you how many there are. Decide for every layer on its name's prefix, "
           "then overrule BatchNorm.",
           "Every Keras layer has a name and a trainable flag, and the part of a layer's name "
           "before its first underscore names its block. BatchNorm can be recognised by "
           "the layer's class, whatever its name. The backbone is a Keras model, and a model "
           "has a trainable flag of its own."),
    kind="implement",
    by_hand_when_graded=True,  # the checker needs the student's own object (see Exercise)
)

# --- q2 · predict then run: does fine-tuning beat the probe trained further? ---------------
# Graded as a prediction (grading/points.py: any committed letter earns the point, right or
# wrong), so a faked `fine_tune_gain` buys nothing; the outcome is read from the notebook's
# own variable only to tell the student what their run showed.

def fine_tune_outcome(fine_tune_gain) -> str:
    """Which q2 option happened, from the paired bootstrap of the gain: (difference, low, high),
    the fine-tuned minus the longer-trained probe's test ROC-AUC (``metrics.paired_auc_difference``).
    Only an interval that leaves out 0 ranks the two; anything else is too close to call."""
    _, low, high = _gain(fine_tune_gain)
    return "a" if low > 0 else "c" if high < 0 else "b"


def _gain(fine_tune_gain) -> tuple[float, float, float]:
    if not isinstance(fine_tune_gain, (tuple, list)) or len(fine_tune_gain) != 3:
        raise Incorrect("`fine_tune_gain` should be what metrics.paired_auc_difference returned "
                        "in section 3 (difference, low, high): run that cell again.")
    try:
        return tuple(float(v) for v in fine_tune_gain)
    except (TypeError, ValueError):
        raise Incorrect("`fine_tune_gain` should hold three numbers (difference, low, high): "
                        "run section 3's cell again.") from None


# what the chapter imports from this module besides its exercises (grading flags any other name)
HANDOUT_NAMES: tuple[str, ...] = ()


def run_reading(fine_tune_gain) -> str:
    """What this run's paired interval allows one to say about the gain (the q2 'why', per run)."""
    gain, low, high = _gain(fine_tune_gain)
    shown = (f"The fine-tuned model minus the probe trained further (the same cap on extra "
             f"epochs): {gain:+.3f} in test ROC-AUC, "
             f"95% interval of the difference [{low:+.3f}, {high:+.3f}] (test identities "
             "resampled, both models scored on each resample).")
    if low <= 0 <= high:
        return (f"{shown} The interval includes 0: this run does not settle which is better. "
                "That is not evidence that the two are alike either; more test faces would "
                "narrow the interval.")
    ahead = "fine-tuning is ahead" if low > 0 else "the probe trained further is ahead"
    return (f"{shown} The interval leaves out 0: on this run {ahead}, by more than the test "
            "faces' luck explains (one seed and one split, though).")


# the 'why' of the outcome that happened (the run's own reading follows it)
_WHY = {
    "a": "unfreezing let the top blocks adapt their filters to these faces, which the frozen "
         "copy, whose head alone learns, cannot do.",
    "b": "with few training images, few epochs and a low learning rate, fine-tuning may change "
         "little, and a few hundred test faces give a wide interval of the difference: a gain "
         "of a few hundredths can sit inside it.",
    "c": "the unfrozen blocks can overfit a small training set, and their first steps can "
         "shift the features the head was fitted to; the ten times lower learning rate also "
         "slows the head.",
}


q2 = prediction(
    name="q2",
    prompt="Both models start from the trained probe and get the same cap on further epochs "
           "(early stopping may end either sooner): one keeps the backbone frozen, the other "
           "fine-tunes its top 4 blocks. The fine-tuned minus the longer-trained probe's test "
           "ROC-AUC, with its paired 95% interval (test identities resampled), will be:",
    variable="q2_prediction",
    options={"a": "higher: the whole interval of the difference lies above 0",
             "b": "too close to call: the interval of the difference includes 0",
             "c": "lower: the whole interval of the difference lies below 0"},
    outcome=fine_tune_outcome,
    context=("fine_tune_gain",),
    explanation=lambda happened, **run: _WHY[happened],
    hints=("Think about how many training images and epochs your profile has (print(profile)), "
           "how far a learning rate of 1e-4 moves pretrained weights in that time, and how wide "
           "an interval a few hundred test faces or fewer allow.",
           "After the fine-tuning cell ran, print `fine_tune_gain`: (difference, low, high). "
           "Option (a) needs low > 0, option (c) high < 0."),
)
_predicted = q2.checker


def _q2_checker(**values) -> str:
    """The prediction's verdict, followed by what this run's intervals allow one to say."""
    reading = run_reading(values["fine_tune_gain"])
    try:
        return f"{_predicted(**values)} {reading}"
    except Incorrect as wrong:
        raise Incorrect(f"{wrong} {reading}") from None


q2.checker = _q2_checker

# --- q3 · explain: BatchNorm in inference mode ----------------------------------------------

q3 = choice(
    name="q3",
    prompt="Fine-tuning here keeps the backbone's BatchNorm in inference mode "
           "(backbone(x, training=False)). Suppose it ran in training mode instead: each "
           "training step would then normalise with statistics taken from its batch. In which "
           "set-up would those statistics best stand for the training set as a whole?",
    variable="q3_answer",
    options={
        "a": "Batches of 512 faces: 8 people drawn at random, then 64 frames of each of them.",
        "b": "Batches of 128 faces, each drawn at random from all the training faces.",
        "c": "Batches of 8 faces, each drawn at random from all the training faces.",
        "d": "Batches of 512 faces, each drawn at random from one label's faces, the label "
             "alternating from batch to batch.",
    },
    answer="b",
    feedback={
        "b": "Right: in training mode each step normalises with its batch's own mean and "
             "variance. Faces drawn independently from all the training faces mix people, real "
             "and fake as the training set does, and 128 of them give a mean and variance that "
             "vary little from batch to batch. (c) draws the same way, but from 8 faces; (a) "
             "and (d) hold more faces, but few people or one label.",
        "a": "512 faces, but only 8 people: frames of one person are nearly alike, so each "
             "batch's mean and variance describe those 8 and jump when the next batch has 8 "
             "others. How many faces a batch holds is not the only thing that makes its "
             "statistics stand for the training set.",
        "c": "Drawn the right way, but 8 faces are too few: a mean and variance taken from 8 "
             "faces jump from one batch to the next, so each step normalises differently. How "
             "the faces are drawn is not the only thing that matters; how many also does.",
        "d": "Each batch is all real or all fake, so BatchNorm subtracts the real faces' mean "
             "from real batches and the fakes' from fake ones: the very difference the "
             "detector should learn is normalised away in training, and at prediction the "
             "moving averages mix both classes. Alternating the label does not undo that.",
    },
    hints=("In training mode, where do BatchNorm's mean and variance come from at each step: "
           "the moving averages, or the batch in hand?",
           "Ask what makes one batch's mean and variance drift from batch to batch: how many "
           "faces the batch holds, and how varied they are."),
)

# --- q4 · modify the experiment: the probe without augmentation -----------------------------


def _augmenting_layers(model) -> list[str]:
    """The names of random-augmentation layers in ``model``, nested models included."""
    found = []
    for layer in model.layers:
        if type(layer).__name__.startswith("Random"):
            found.append(layer.name)
        elif hasattr(layer, "layers"):
            found += _augmenting_layers(layer)
    return found


_SETTINGS = ("rate", "seed", "units", "activation", "filters", "kernel_size", "strides",
             "use_bias", "pool_size")


def _layers_but_augmentation(model, prefix: str = "") -> list[tuple]:
    """(path, class, trainable, settings) of every layer of ``model``, nested ones included,
    except the Random* augmentation layers and the containers that hold nothing else: what
    must be the same in the probe and in the model trained without augmentation."""
    rows = []
    for layer in model.layers:
        kind = type(layer).__name__
        if kind.startswith("Random") or kind == "InputLayer":
            continue
        path = prefix + layer.name
        if hasattr(layer, "layers"):
            inner = _layers_but_augmentation(layer, f"{path}/")
            if inner:
                rows += [(path, kind, bool(layer.trainable), ()), *inner]
            continue
        config = layer.get_config()
        rows.append((path, kind, bool(layer.trainable),
                     tuple((k, repr(config[k])) for k in _SETTINGS if k in config)))
    return rows


def _frozen_weights(model) -> dict[str, object]:
    """The weights no optimizer moves (a frozen backbone's, BatchNorm's statistics), by path."""
    return {w.path: w for w in model.non_trainable_weights if "seed_generator" not in w.path}


def _check_only_augmentation_differs(noaug_model, probe) -> None:
    """That ``noaug_model`` is the probe's build with augment=False and nothing else changed:
    the same layers (names, kinds, trainable flags, dropout rate and seed, head), the same
    frozen weights (ImageNet's, as the probe's backbone still holds them) and the same
    optimizer and learning rate."""
    import numpy as np

    again = ("Build it with backbones.build_lite0 as the probe was built "
             "(training.input_shape(profile), seed=profile.seed, the other arguments left at "
             "their defaults), changing only augment=False, so that augmentation is the one "
             "difference.")
    mine, theirs = _layers_but_augmentation(noaug_model), _layers_but_augmentation(probe)
    for got, want in zip(mine, theirs):
        if got[:2] != want[:2]:
            raise Incorrect(f"`noaug_model` has the layer {got[0]} ({got[1]}) where the probe "
                            f"has {want[0]} ({want[1]}). {again}")
        if got[2] != want[2]:
            state = "trainable" if got[2] else "frozen"
            raise Incorrect(f"In `noaug_model` the layer {got[0]} is {state}, in the probe "
                            f"not: keep the probe's frozen backbone (trainable_blocks=0). "
                            f"{again}")
        if got[3] != want[3]:
            diff = [f"{k}={v} (the probe: {dict(want[3]).get(k)})" for k, v in got[3]
                    if dict(want[3]).get(k) != v]
            raise Incorrect(f"`noaug_model`'s layer {got[0]} has {', '.join(diff)}. {again}")
    if len(mine) != len(theirs):
        raise Incorrect(f"`noaug_model` has {len(mine)} layers besides augmentation, the probe "
                        f"{len(theirs)}. {again}")
    frozen, probe_frozen = _frozen_weights(noaug_model), _frozen_weights(probe)
    changed = [path for path, w in probe_frozen.items() if path not in frozen
               or np.shape(frozen[path]) != np.shape(w)
               or not np.allclose(np.asarray(frozen[path]), np.asarray(w), atol=1e-6)]
    if changed:
        raise Incorrect(f"`noaug_model`'s frozen weights differ from the probe's ({changed[0]}"
                        f"{' ...' if len(changed) > 1 else ''}): the probe's backbone holds "
                        f"ImageNet's weights (weights='imagenet', the default). {again}")
    mine_opt, probe_opt = noaug_model.optimizer, getattr(probe, "optimizer", None)
    if probe_opt is not None:
        rates = [float(np.asarray(o.learning_rate)) for o in (mine_opt, probe_opt)]
        if type(mine_opt) is not type(probe_opt) or not np.isclose(*rates):
            raise Incorrect(f"`noaug_model` trains with {type(mine_opt).__name__} at learning "
                            f"rate {rates[0]:g}, the probe with {type(probe_opt).__name__} at "
                            f"{rates[1]:g}. {again}")


def _moments_moved(optimizer) -> bool:
    """Whether the optimizer's per-weight state (Adam's momentum and velocity) holds anything
    but zeros: proof that gradients were applied, which no step counter set by hand gives.
    An optimizer without such state (plain SGD) is not judged here."""
    import numpy as np

    state = [v for v in optimizer.variables
             if v.name.endswith(("momentum", "velocity"))]
    return not state or any(np.any(np.asarray(v) != 0) for v in state)


def _check_recipe(noaug_model, noaug_history, train_b, profile, patience: int = 3) -> None:
    """That ``noaug_model`` trained as the probe did: whole epochs of ``train_b`` (its optimizer
    took as many steps as the history's epochs hold), at most ``profile.epochs`` of them, and
    stopped as early stopping on validation AUC at ``patience`` stops (or ran the whole cap)."""
    import pandas as pd

    if not isinstance(noaug_history, pd.DataFrame) or "val_auc" not in noaug_history \
            or len(noaug_history) == 0:
        raise Incorrect("`noaug_history` should be the table training.fit returned when it "
                        "trained `noaug_model` (one row per epoch, with a val_auc column).")
    ran, per_epoch = len(noaug_history), len(train_b)
    steps = int(noaug_model.optimizer.iterations)
    if steps != ran * per_epoch:
        raise Incorrect(f"`noaug_model` took {steps} optimizer step(s), but {ran} epochs of "
                        f"train_b are {ran * per_epoch} ({per_epoch} batches an epoch): train it "
                        "once, from a fresh build, with training.fit on train_b for whole "
                        "epochs, as the probe was trained, and keep the table it returns in "
                        "`noaug_history`.")
    if ran > profile.epochs:
        raise Incorrect(f"`noaug_model` trained {ran} epochs, more than the probe's cap of "
                        f"{profile.epochs} (profile.epochs): the comparison needs the same "
                        "budget.")
    values = [float(v) for v in noaug_history["val_auc"]]
    after_best = ran - (values.index(max(values)) + 1)
    if (ran < profile.epochs and after_best != patience) or after_best > patience:
        raise Incorrect(f"Training ran {ran} of {profile.epochs} epochs, {after_best} after its "
                        f"best epoch on validation AUC: the probe's early stopping "
                        f"(training.early_stopping('val_auc', {patience})) stops {patience} "
                        "epochs after the best, and only then. Train with the same early "
                        "stopping, so that augmentation is the only difference.")


def _check_history_is_its_own(noaug_model, noaug_history, val_b) -> None:
    """That ``noaug_history`` is the record of ``noaug_model``'s own training, and that the
    model holds its best epoch: Keras keeps the last fit's record on the model
    (``model.history``), and early stopping restores the best epoch's weights, so scoring the
    model on ``val_b`` with its own metrics gives the history's best validation AUC again. A
    table edited by hand (a made-up early stop after a short run) fails both."""
    import numpy as np

    redo = ("Train `noaug_model` once with training.fit and early stopping, as the probe was, "
            "and store the table that call returns in `noaug_history`, unedited.")
    record = getattr(getattr(noaug_model, "history", None), "history", None)
    if not isinstance(record, dict) or "val_auc" not in record:
        raise Incorrect("`noaug_model` carries no record of a training run (Keras keeps the "
                        f"last fit's epochs on the model). {redo}")
    kept = [float(v) for v in record["val_auc"]]
    given = [float(v) for v in noaug_history["val_auc"]]
    if len(kept) != len(given) or not np.allclose(kept, given, atol=1e-6):
        raise Incorrect("`noaug_history`'s val_auc column is not what `noaug_model`'s own "
                        f"training recorded (Keras kept {len(kept)} epoch(s) on the model: "
                        f"{', '.join(f'{v:.3f}' for v in kept[:6])}"
                        f"{' ...' if len(kept) > 6 else ''}). {redo}")
    now = float(noaug_model.evaluate(val_b, verbose=0, return_dict=True)["auc"])
    if abs(now - max(given)) > 0.002:
        raise Incorrect(f"`noaug_model` scores validation AUC {now:.3f} now, but its history's "
                        f"best epoch had {max(given):.3f}: early stopping "
                        "(training.early_stopping('val_auc', 3)) restores the best epoch's "
                        f"weights, as the probe's did. {redo}")


def _check_fresh_start(noaug_model, probe) -> None:
    """That ``noaug_model``'s head began training fresh, not from the trained probe's weights
    copied in before ``fit`` (student report 20: the warm start trained the head 10 + 9
    epochs, and flipped the gain's sign). ``training.fit`` keeps the trainable weights as
    training began (``model.fit_start``, :class:`dfkit.training.trainer.StartRecord`)."""
    import numpy as np

    start = getattr(noaug_model, "fit_start", None)
    if not isinstance(start, dict) or not start:
        raise Incorrect("`noaug_model` carries no record of how its training began: train it "
                        "with training.fit, from a fresh backbones.build_lite0(...) build, as "
                        "the probe was trained.")
    trained = {w.path: np.asarray(w.numpy()) for w in probe.trainable_weights}
    if list(start) != list(trained):  # other paths (another build's names): by position
        trained = dict(zip(start, trained.values()))
    copied = [path for path, value in start.items() if path in trained
              and np.shape(trained[path]) == np.shape(value) and np.any(value != 0)
              and np.allclose(value, trained[path], atol=1e-6)]
    if copied:
        raise Incorrect(f"`noaug_model` began training with the trained probe's weights "
                        f"({copied[0]}{' ...' if len(copied) > 1 else ''}): a warm start, which "
                        "gives its head the probe's epochs on top of its own. Train it from a "
                        "fresh build, so that augmentation is the one difference.")


def augmentation_outcome(augmentation_gain) -> str:
    """Which q4 reading the paired interval of (with minus without augmentation) supports."""
    _, low, high = augmentation_gain
    return "a" if low > 0 else "c" if high < 0 else "b"


Q4_OPTIONS = {
    "a": "augmentation helped the probe, beyond the test faces' luck",
    "b": "too close to call: this run cannot rank the two probes",
    "c": "augmentation hurt the probe, beyond the test faces' luck",
}
Q4_FEEDBACK = {
    "a": "saying that augmentation helped beyond the test faces' luck needs the whole paired "
         "interval of the gain above 0; a positive point estimate alone does not say it. Read "
         "`augmentation_gain` as section 3 read `fine_tune_gain`.",
    "b": "too close to call means a paired interval that includes 0; one that leaves out 0 "
         "ranks the two probes on this split (one seed, though). Read `augmentation_gain` as "
         "section 3 read `fine_tune_gain`.",
    "c": "saying that augmentation hurt beyond the test faces' luck needs the whole paired "
         "interval of the gain below 0; a negative point estimate alone does not say it. Read "
         "`augmentation_gain` as section 3 read `fine_tune_gain`.",
}


def _paired_gain(augmentation_gain, measured) -> tuple[float, float, float]:
    """The student's (difference, low, high), checked against the checker's own computation."""
    if not isinstance(augmentation_gain, (tuple, list)) or len(augmentation_gain) != 3:
        raise Incorrect("`augmentation_gain` should be what metrics.paired_auc_difference "
                        "returns, (difference, low, high), as section 3 computed "
                        "`fine_tune_gain`.")
    try:
        gain = tuple(float(v) for v in augmentation_gain)
    except (TypeError, ValueError):
        raise Incorrect("`augmentation_gain` should hold three numbers (difference, low, "
                        "high).") from None
    if abs(gain[0] + measured[0]) < 0.002 and abs(measured[0]) >= 0.002:
        raise Incorrect("The sign is reversed: pass the model without augmentation first, "
                        "the probe second (paired_auc_difference returns the second minus "
                        "the first).")
    if any(abs(g - m) > 0.002 for g, m in zip(gain, measured)):
        raise Incorrect(f"`augmentation_gain` is {tuple(round(v, 3) for v in gain)}, which is "
                        "not what your two models' test scores give: call "
                        "metrics.paired_auc_difference(test_b.labels, p_without, p_with, "
                        "groups=data.test['group'], n_boot=300, seed=profile.seed), with "
                        "each model's training.predict on test_b.")
    return gain


def _check_gain(noaug_model, noaug_history, noaug_scores, augmentation_gain, q4_answer,
                probe, probe_history, probe_scores, test_b, train_b, val_b, profile, data) -> str:
    import keras
    import numpy as np
    from sklearn.metrics import roc_auc_score

    from dfkit import training
    from dfkit.course.exercises import judge_choice
    from dfkit.evaluation import metrics

    if not isinstance(noaug_model, keras.Model):
        raise Incorrect("`noaug_model` should be the Keras model you trained without "
                        "augmentation (what backbones.build_lite0(..., augment=False) returned, "
                        "after training.fit).")
    if noaug_model is probe:
        raise Incorrect("`noaug_model` is the probe itself: build a new model without "
                        "augmentation and train it.")
    if (randomising := _augmenting_layers(noaug_model)):
        raise Incorrect(f"`noaug_model` still augments its inputs (layers {randomising[:2]}): "
                        "build it with augment=False.")
    optimizer = getattr(noaug_model, "optimizer", None)
    if optimizer is None or int(optimizer.iterations) == 0:
        raise Incorrect("`noaug_model` has never taken a training step: train it with "
                        "training.fit as the probe was trained, then score it.")
    _check_only_augmentation_differs(noaug_model, probe)
    _check_recipe(noaug_model, noaug_history, train_b, profile)
    if not _moments_moved(optimizer):
        raise Incorrect("`noaug_model`'s optimizer counts steps, but Adam's running averages "
                        "of the gradients are all still zero: no gradient ever reached its "
                        "head, so it was never trained (a step count can be set by hand; "
                        "training cannot). Train it with training.fit as the probe was "
                        "trained, and keep the table fit returns in `noaug_history`.")
    _check_history_is_its_own(noaug_model, noaug_history, val_b)
    _check_fresh_start(noaug_model, probe)
    if not isinstance(noaug_scores, dict) or "test ROC-AUC" not in noaug_scores:
        raise Incorrect("`noaug_scores` should be what `scores(noaug_model)` returns.")
    try:
        float(noaug_scores["test ROC-AUC"])
    except (TypeError, ValueError):
        raise Incorrect("`noaug_scores['test ROC-AUC']` should be a number: set "
                        "`noaug_scores = scores(noaug_model)`.") from None
    if noaug_scores is probe_scores:
        raise Incorrect("`noaug_scores` is `probe_scores`, the probe's own scores: score the "
                        "model trained without augmentation, `scores(noaug_model)`.")
    p_noaug, p_probe = (training.predict(m, test_b) for m in (noaug_model, probe))
    if np.allclose(p_noaug, p_probe, atol=1e-6):
        raise Incorrect("`noaug_model` predicts exactly what the probe predicts on the test "
                        "faces: it is the probe again, not a model trained without augmentation.")
    measured = float(roc_auc_score(np.asarray(test_b.labels).astype(int), p_noaug))
    if abs(measured - float(noaug_scores["test ROC-AUC"])) > 0.001:
        raise Incorrect(f"`noaug_scores` says test ROC-AUC {noaug_scores['test ROC-AUC']}, but "
                        "`noaug_model` scores otherwise on the test faces: store "
                        "`noaug_scores = scores(noaug_model)` after training it.")
    own = metrics.paired_auc_difference(test_b.labels, p_noaug, p_probe,
                                        groups=data.test["group"], n_boot=300,
                                        seed=profile.seed)
    gain, low, high = _paired_gain(augmentation_gain, own)
    happened = augmentation_outcome(own)
    shown = (f"with minus without augmentation, {gain:+.3f} in test ROC-AUC, paired 95% "
             f"interval [{low:+.3f}, {high:+.3f}]")
    judge_choice(q4_answer, Q4_OPTIONS, "q4_answer", happened, Q4_FEEDBACK)
    return (f"your run: {shown}, so ({happened}) {Q4_OPTIONS[happened]}. "
            f"{_budget_note(noaug_history, probe_history, profile.epochs)} One seed and one "
            "split: another seed moves both probes, and only a gap that holds across seeds "
            "(chapter 08's ablation) is augmentation's for sure.")


def _peaked_at_cap(val_auc, cap: int) -> bool:
    """Whether a fit ran the whole cap and its best epoch on validation AUC was its last."""
    values = [float(v) for v in val_auc]
    return len(values) == cap and values.index(max(values)) + 1 == cap


def _budget_note(noaug_history, probe_history, cap: int) -> str:
    """Whether the epoch cap, not early stopping, ended the two probes at their best (read
    from their histories): then they were still learning, and the verdict holds at this
    budget only (student report 19)."""
    try:
        probe_at = _peaked_at_cap(probe_history["val_auc"], cap)
    except (TypeError, KeyError, IndexError, ValueError):
        probe_at = False  # not section 2's table: say nothing of the probe
    noaug_at = _peaked_at_cap(noaug_history["val_auc"], cap)
    if noaug_at and probe_at:
        return (f"Both probes were at their best in their last epoch when the cap of {cap} "
                "stopped them, still learning: the verdict holds at this budget, and a "
                "higher cap for both could change it.")
    if noaug_at:
        return (f"The probe without augmentation was at its best in its last epoch when the "
                f"cap of {cap} stopped it, still learning: the verdict holds at this budget.")
    if probe_at:
        return (f"The probe was at its best in its last epoch when the cap of {cap} stopped "
                "it, still learning: the verdict holds at this budget.")
    return f"The verdict holds at this budget ({cap} epochs at most)."


q4 = Exercise(
    name="q4",
    prompt="Does augmentation help the frozen probe? Train section 2's probe again, from a "
           "fresh build, without augmentation, everything else as train_model built and trained it (the same cap, "
           "early stopping at patience 3), and keep it in noaug_model and the table its "
           "training returned, unedited, in noaug_history; store "
           "noaug_scores = scores(noaug_model) and, in augmentation_gain, the paired "
           "difference on the test faces, with minus without augmentation; set q4_answer to "
           "what it supports.",
    names=("noaug_model", "noaug_history", "noaug_scores", "augmentation_gain", "q4_answer"),
    checker=_check_gain,
    context=("probe", "probe_history", "probe_scores", "test_b", "train_b", "val_b", "profile", "data"),
    hints=("A difference is augmentation's only if nothing else differs. The builder section 2 "
           "shows has an argument for augmentation; section 2 says how train_model trains "
           "(how many epochs, which early stopping); section 3's cells show training.fit and "
           "metrics.paired_auc_difference, which returns the second model's ROC-AUC minus "
           "the first's.",
           "Build a fresh model with backbones.build_lite0 as the probe was built, changing "
           "only `augment`; train it with training.fit and the early stopping train_model "
           "uses; score it with `scores`; then pass both models' training.predict on test_b "
           "to metrics.paired_auc_difference with the settings section 3 gave it, in the "
           "order that makes the difference with minus without."),
    kind="modify",
    options=Q4_OPTIONS,
    # the checker runs the student's Keras model on the test faces: a person grades it
    by_hand_when_graded=True,
)

# --- q5 · predict: what a probe without pooling would train, at another image size --------

FLAT_SIZE = 160  # the faces q5 asks about: no profile's size, so the map must be worked out


@functools.cache
def _last_map(size: int = FLAT_SIZE) -> tuple[int, int, int]:
    """(height, width, channels) of the feature map Lite0 hands its ``avg_pool`` layer at
    ``size`` px: read off the network itself (random weights: only shapes matter)."""
    from dfkit.models import backbones

    net = backbones.lite0_architecture((size, size, 3))
    height, width, channels = (int(v) for v in net.get_layer("avg_pool").input.shape[1:])
    return height, width, channels


def _whole_number(value, what: str) -> int:
    """``value`` as an int when it is one whole number (int, NumPy integer, integral float);
    otherwise a teaching message, never a crash."""
    import numbers

    import numpy as np

    if isinstance(value, str):
        raise Incorrect(f"`{what}` holds text ({value!r}): store the number itself, without "
                        "quotes.")
    try:
        many = np.ndim(value) != 0
    except ValueError:  # a ragged list
        many = True
    if isinstance(value, bool) or many:
        raise Incorrect(f"`{what}` should be one whole number (a count of scalars), not "
                        f"{type(value).__name__} {value!r:.60}.")
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real) and float(value).is_integer():
        return int(value)
    raise Incorrect(f"`{what}` should be a whole number: a count of weights and biases.")


def _check_flat_probe(flat_probe) -> str:
    count = _whole_number(flat_probe, "flat_probe")
    height, width, channels = _last_map()
    size, want = FLAT_SIZE, height * width * channels + 1
    stride = size // height
    if count in (channels, channels + 1):  # the pooled probe: the chapter's own number
        raise Incorrect("That is the course's probe, whose pooling leaves one number per channel "
                        "whatever the map's size. This head has no pooling: how many numbers "
                        "reach the unit from the map?")
    if count != want:  # says no more than "not it": each near miss named would guide a search
        raise Incorrect("That is not the number of trainable scalars of this head. q5.hint() "
                        "shows how to work it out from the shapes section 2 gives.")
    return (f"at {size} px Lite0's last map is {height}×{width} (the side halved five times: "
            f"{size} / {stride}), so the unit has {height}×{width}×{channels:,} = "
            f"{want - 1:,} weights plus a bias, against the pooled probe's {channels + 1:,} at "
            "every image size. Each of those weights is tied to one position of the face, and "
            "the few hundred to few thousand faces this course trains on fit that many far "
            "more easily than a weight per channel: pooling is a choice of fewer, "
            "position-free features, not only of a head that fits every image size.")


q5 = Exercise(
    name="q5",
    prompt=f"Predict: a probe on faces of {FLAT_SIZE}×{FLAT_SIZE} pixels whose head flattens "
           "Lite0's last feature map instead of pooling it, then feeds it to one sigmoid unit. "
           "How many weights and biases (trainable scalars) does it train? Store the number "
           "in flat_probe.",
    names=("flat_probe",),
    checker=_check_flat_probe,
    hints=("Section 2 gives the last map's side at two sizes: 2 at 64 px, 7 at 224 px. What "
           "does the backbone divide the side by, in all, between its input and that map?",
           "Flatten keeps every number of the map, one per position and channel (1,280 "
           "channels), and a Dense unit has one weight per input plus one bias; the frozen "
           "backbone trains none."),
)
