"""Chapter 03 exercises: a conv block, and counting a convolution's parameters."""

from __future__ import annotations

from dfkit.exercises import Exercise, Incorrect, call_answer


def _check_block(my_conv_block) -> None:
    import keras

    inputs = keras.Input((32, 32, 6))
    out = call_answer(my_conv_block, inputs, 24, what="my_conv_block(inputs, 24)")
    if not hasattr(out, "shape"):
        raise Incorrect("my_conv_block should return the block's output tensor (the result of the last layer).")
    model = keras.Model(inputs, out)
    convs = [layer for layer in model.layers if isinstance(layer, keras.layers.Conv2D)]
    pools = [layer for layer in model.layers if isinstance(layer, keras.layers.MaxPooling2D)]
    if len(convs) != 1 or convs[0].filters != 24:
        raise Incorrect("The block needs exactly one Conv2D layer with `filters` filters.")
    if convs[0].kernel_size != (3, 3) or convs[0].padding != "same":
        raise Incorrect("Use a 3×3 kernel with padding='same', so the convolution keeps the image size.")
    if convs[0].activation.__name__ != "relu":
        raise Incorrect("The convolution needs a ReLU activation (activation='relu').")
    if not pools:
        raise Incorrect("Add a MaxPooling2D layer after the convolution: it halves height and width.")
    if tuple(out.shape[1:]) != (16, 16, 24):
        raise Incorrect(f"The block should turn (32, 32, 6) into (16, 16, 24), got {tuple(out.shape[1:])}.")


def _good_block(x, filters):
    import keras

    x = keras.layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    return keras.layers.MaxPooling2D()(x)


def _no_pool(x, filters):
    import keras

    return keras.layers.Conv2D(filters, 3, padding="same", activation="relu")(x)


def _valid_padding(x, filters):
    import keras

    x = keras.layers.Conv2D(filters, 3, activation="relu")(x)
    return keras.layers.MaxPooling2D()(x)


q1 = Exercise(
    name="q1",
    prompt="Write `my_conv_block(x, filters)`: a 3×3 Conv2D with `filters` filters, ReLU and 'same' padding, "
           "then 2×2 max-pooling. Return the output tensor.",
    names=("my_conv_block",),
    checker=_check_block,
    hint_text="keras.layers.Conv2D(filters, 3, padding='same', activation='relu')(x), then keras.layers.MaxPooling2D()(...).",
    solution_text="def my_conv_block(x, filters):\n    x = keras.layers.Conv2D(filters, 3, padding='same', activation='relu')(x)\n"
                  "    return keras.layers.MaxPooling2D()(x)",
    right=[lambda: {"my_conv_block": _good_block}],
    wrong=[lambda: {"my_conv_block": _no_pool}, lambda: {"my_conv_block": _valid_padding},
           lambda: {"my_conv_block": lambda x, f: x}],
)


def _check_params(conv_params) -> None:
    expected = (3 * 3 * 6 + 1) * 32
    if conv_params == 3 * 3 * 6 * 32:
        raise Incorrect("Almost: each of the 32 filters also has a bias.")
    if conv_params == (3 * 3 * 3 + 1) * 32:
        raise Incorrect("The input has 6 channels here (the paper's stack), not 3.")
    if conv_params == 3 * 3 * 32 + 32:
        raise Incorrect("Each filter spans all 6 input channels: its kernel is 3 × 3 × 6.")
    if conv_params != expected:
        raise Incorrect(f"{conv_params} is not right. Count weights per filter (kernel height × width × input channels), "
                        "add its bias, multiply by the number of filters.")


q2 = Exercise(
    name="q2",
    prompt="How many trainable parameters has a Conv2D with 32 filters of 3×3 on the 6-channel stack? Store it in `conv_params`.",
    names=("conv_params",),
    checker=_check_params,
    hint_text="Each filter has 3 × 3 × (input channels) weights plus one bias.",
    solution_text="conv_params = (3 * 3 * 6 + 1) * 32   # 1,760",
    right=[lambda: {"conv_params": 1760}],
    wrong=[lambda: {"conv_params": 1728}, lambda: {"conv_params": 896}, lambda: {"conv_params": 320}],
)
