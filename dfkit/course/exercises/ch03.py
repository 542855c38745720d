"""Chapter 03 exercises: counting a convolution's parameters, predicting what the input channels
change, building the paper's Flatten head, and why test is used once."""

from __future__ import annotations

import numbers

from dfkit.course.exercises import Exercise, Incorrect, ____, call_answer, choice, close, prediction, unwrap_scalar

# ``____`` is re-exported so that a chapter imports its checkers and the blank in one line.
__all__ = ["____", "q1", "q2", "q3", "q4"]

# (kernel_size, in_channels, filters): layers the chapter never shows
_HIDDEN_LAYERS = [(3, 6, 32), (5, 3, 16), (1, 64, 128), (3, 1, 1), (7, 12, 40)]


def _check_conv_params(conv_params) -> None:
    for kernel, channels, filters in _HIDDEN_LAYERS:
        what = f"conv_params({kernel}, {channels}, {filters})"
        got = unwrap_scalar(call_answer(conv_params, kernel, channels, filters, what=what))
        if not isinstance(got, numbers.Real) or isinstance(got, bool):
            raise Incorrect(f"{what} returned {type(got).__name__}: return one number, the "
                            "count (a plain int).")
        expected = (kernel * kernel * channels + 1) * filters
        if got == expected:
            continue
        if got == kernel * kernel * channels * filters:
            raise Incorrect(f"{what} = {got}: almost. Each filter also has one bias.")
        if got == (kernel * kernel + 1) * filters:
            raise Incorrect(f"{what} = {got}: each filter spans *all* {channels} input channels, "
                            "so it has a kernel_size × kernel_size weight grid per channel.")
        raise Incorrect(f"{what} = {got}, which is not right. Count one filter's weights "
                        "(its grid, for every input channel), add its bias, then count filters.")


q1 = Exercise(
    name="q1",
    prompt="Write `conv_params(kernel_size, in_channels, filters)`: the trainable parameters of a "
           "Conv2D with `filters` square filters of side `kernel_size` on `in_channels` channels.",
    names=("conv_params",),
    checker=_check_conv_params,
    hints=("A filter has one weight per position of its grid *and* per input channel, plus one "
           "bias; every filter has its own weights.",
           "Check your function on block1_conv of the layer table: its 'parameters' column is "
           "Keras's own count. Return a plain int."),
    kind="implement",
)


def _layer_counts(model) -> dict[str, int]:
    return {layer.name: layer.count_params() for layer in model.layers}


def rgb_outcome(model, rgb_model) -> str:
    """Which option happened: compare Model 1's per-layer counts on the stack and on RGB."""
    stack, rgb = _layer_counts(model), _layer_counts(rgb_model)
    changed = [name for name in stack if stack[name] != rgb.get(name)]
    if not changed:
        return "c"
    if changed == ["block1_conv"]:
        return "b"
    if len(changed) == len(stack) - 1:  # every layer but the input
        return "a"
    return "d"


q2 = prediction(
    name="q2",
    prompt="Model 1 built for RGB (3 channels) instead of the 6-channel stack: what happens to its "
           "layers' parameter counts?",
    variable="q2_prediction",
    options={"a": "every layer's count halves",
             "b": "only the first convolution's count changes",
             "c": "nothing changes",
             "d": "the first convolution and the dense layer change"},
    outcome=rgb_outcome,
    context=("model", "rgb_model"),
    explanation="Only block1_conv sees the input channels: each of its filters has a 3×3 grid per "
                "input channel. Every later layer sees the previous layer's filters, which do not "
                "depend on the input, and global average pooling makes the dense layer's input "
                "one number per filter. Compare models.layer_table(model) and "
                "models.layer_table(rgb_model).",
    hints=("Ask, for each layer, what its weights are multiplied with: the image, or the output "
           "of the layer before?",
           "Only the layers whose input shape changes can change their count; look at the "
           "'output shape' column of the layer table."),
)


def _check_flatten(flatten_model, flatten_ratio, model) -> None:
    import keras

    if not isinstance(flatten_model, keras.Model):
        raise Incorrect("flatten_model should be a keras.Model: keras.Model(inputs, outputs).")
    kinds = {type(layer).__name__ for layer in flatten_model.layers}
    if "Flatten" not in kinds:
        raise Incorrect("flatten_model has no Flatten layer: put layers.Flatten() where Model 1 "
                        "has global average pooling.")
    if "GlobalAveragePooling2D" in kinds:
        raise Incorrect("flatten_model still has global average pooling: Flatten *replaces* it.")
    convs = [lay.filters for lay in flatten_model.layers if isinstance(lay, keras.layers.Conv2D)]
    ours = [lay.filters for lay in model.layers if isinstance(lay, keras.layers.Conv2D)]
    if convs != ours:
        raise Incorrect(f"flatten_model's convolutions have filters {convs}; Model 1's have "
                        f"{ours}. Use the same conv blocks (the defaults of "
                        "cnn_search_space(Defaults())).")
    theirs, wanted = tuple(flatten_model.input.shape[1:]), tuple(model.input.shape[1:])
    if theirs != wanted:
        raise Incorrect(f"flatten_model takes inputs {theirs}; Model 1 takes {wanted}. Build it "
                        "for the same input.")
    expected = flatten_model.count_params() / model.count_params()
    close(flatten_ratio, expected, decimals=1, what="flatten_ratio")


q3 = Exercise(
    name="q3",
    prompt="Build Model 1 with a Flatten head instead of global average pooling (`flatten_model`) "
           "and store the ratio of the two parameter counts (flatten_model's divided by model's) "
           "in `flatten_ratio` (1 decimal).",
    names=("flatten_model", "flatten_ratio"),
    context=("model",),
    checker=_check_flatten,
    hints=("Up to its last conv block the model is Model 1; only the step that turns the last "
           "feature maps into one vector differs. Pooling keeps one number per filter; "
           "flattening keeps every position of every feature map, so the dense layer after it "
           "needs one weight per position, filter and unit.",
           "Chain the layers with the functional API, as build_cnn does (a keras.Input of the "
           "stack's shape, the chapter's conv_block for each entry of the search space's "
           "filters, then Keras's flattening layer where build_cnn pools, and the same head). "
           "Every Keras model can count its own parameters."),
    kind="modify",
)

q4 = choice(
    name="q4",
    prompt="Why not pick the epoch with the best *test* ROC-AUC?",
    variable="q4_answer",
    options={"a": "the epoch that happened to suit those faces best would win; its score would "
                  "overrate it on new faces",
             "b": "scoring the test faces after every epoch would train the network on them, so "
                  "they would no longer be unseen",
             "c": "nothing would be wrong: the test faces never take part in a gradient step, so "
                  "any score on them is unbiased",
             "d": "it would be better: test holds more faces than validation, so an epoch picked "
                  "on it would be less noisy"},
    answer="a",
    feedback={"b": "Scoring does not train: after each epoch Keras scores the validation faces "
                   "without changing a weight, and it would do the same with test faces. The "
                   "harm is in the choice: ask what the test score of an epoch chosen *for* "
                   "its test score is worth.",
              "c": "Kept out of the gradient steps, yes, but not out of the choice: the highest "
                   "of several noisy scores is high partly by luck on those faces, so the score "
                   "of the epoch picked by it overstates how that epoch does on new faces.",
              "d": "The pick would be less noisy, true: validation holds fewer faces. But the "
                   "test score you then report is the one the pick was made on, so it is high "
                   "partly by luck, as a validation score is when early stopping picks an "
                   "epoch by it. A steadier pick needs a larger validation split, not test."},
    hints=("A number you chose something by is no longer an unbiased estimate of that something.",
           "Imagine ten epochs equally good on new faces, each scored on the same test faces "
           "with some noise: which one wins, and is its score a fair estimate of how it does "
           "on new faces?"),
)
