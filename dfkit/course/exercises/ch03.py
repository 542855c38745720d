"""Chapter 03 exercises: counting a convolution's parameters, predicting what the input channels
change, building the paper's Flatten head, and why test is used once."""

from __future__ import annotations

import numbers

from dfkit.course.exercises import (
    Exercise,
    Incorrect,
    ____,
    call_refusing,
    choice,
    close,
    hands_work_to,
    hidden_rng,
    installed_functions,
    prediction,
    unwrap_scalar,
)

# ``____`` is re-exported so that a chapter imports its checkers and the blank in one line.
__all__ = ["____", "q1", "q2", "q3", "q4"]

# (kernel_size, in_channels, filters): Model 1's first layer and one more, the same in every
# check; the others are drawn per check (other ones under the instructor's secret)
_PUBLIC_LAYERS = [(3, 6, 32), (5, 3, 16)]
# names that build a Keras layer and let Keras count, directly or through the course's own
# builders and layer table (``models.build_cnn`` with a stub ``hp``): the exercise asks for
# the formula
# (and JAX's layers, installed with Keras: round 19's report counted with stax.Conv)
_LIBRARY_NAMES = {"keras", "layers", "Conv2D", "count_params", "tensorflow", "tf", "torch",
                  "dfkit", "models", "build_cnn", "layer_table", "conv_block", "jax",
                  "jaxlib", "stax", "example_libraries", "flax", "linen", "tf_keras"}
_LIBRARIES = {"keras", "tensorflow", "tf_keras", "torch", "dfkit", "jax", "jaxlib", "flax"}
# JAX's functions that make a layer's weights, refused while the answer runs however it
# reaches them (stax.Conv is a partial of GeneralConv; every stax convolution's init_fun
# shapes its kernel with conv_general_shape_tuple, so one made before the check is refused
# too): (module, names). Keras imports JAX, so importing these costs milliseconds.
_JAX_COUNTERS = (("jax.example_libraries.stax", ("GeneralConv", "GeneralConvTranspose",
                                                 "Dense")),
                 ("jax.lax", ("conv_general_shape_tuple",)),
                 ("flax.linen", ("Conv.__call__", "ConvTranspose.__call__",
                                 "Dense.__call__")))
# The Keras 2 that TensorFlow bundles (``tensorflow.python.keras``; ``tf_keras`` where
# installed), refused as Keras 3's are: every layer's ``build`` makes its weights through
# ``Layer.add_weight`` (round 22's report built a legacy Conv2D reached by strings).
_LEGACY_KERAS_COUNTERS = tuple(
    (f"{package}.{module}", names)
    for package in ("tensorflow.python.keras", "tf_keras.src")
    for module, names in (("engine.base_layer", ("Layer.add_weight", "Layer.count_params")),
                          ("engine.base_layer_v1", ("Layer.add_weight",
                                                    "Layer.count_params")),
                          ("legacy_tf_layers.base", ("Layer.add_weight",))))


_HANDS_OVER = ("conv_params asks Keras to count (it builds a layer or a model, with Keras, "
               "JAX or dfkit, calls count_params, or starts another program or hands the "
               "work to one, a worker pool or pipe made before, where Keras could run): the "
               "exercise asks for the formula. "
               "Count one filter's weights and bias yourself, with plain arithmetic on "
               "kernel_size, in_channels and filters.")


def _keras_counters() -> list:
    """The Keras functions that create a layer's weights or count them: ``Layer.add_weight``
    (every layer's ``build`` creates its weights through it, a convolution's in
    ``BaseConv.build``), and ``Layer.count_params`` (a model's too). While the answer runs
    they are refused however it reaches them: a dict or an object holding a helper,
    ``sys.modules`` and ``getattr`` on strings, a helper made by ``exec``, dfkit's
    ``build_cnn`` and ``layer_table``. The ones Keras had when this module was imported are
    refused too, in case the notebook has put others in their place since. JAX's layers
    (``_JAX_COUNTERS``) and TensorFlow's legacy Keras (``_LEGACY_KERAS_COUNTERS``) are
    refused alike."""
    found = [*_KERAS_COUNTERS, *_keras_counters_now(), *installed_functions(_JAX_COUNTERS),
             *installed_functions(_LEGACY_KERAS_COUNTERS)]
    return list({id(f): f for f in found}.values())


def _keras_counters_now() -> list:
    try:
        from keras.layers import Layer
    except ImportError:  # no Keras: nothing of it to refuse
        return []
    found = [Layer.__dict__.get("add_weight"), Layer.__dict__.get("count_params")]
    try:  # a private module: add_weight alone suffices where it has moved
        from keras.src.layers.convolutional.base_conv import BaseConv

        found.append(BaseConv.__dict__.get("build"))
    except ImportError:
        pass
    return [f for f in found if callable(f)]


_KERAS_COUNTERS = _keras_counters_now()


# the hidden layers' range: wide enough that a table Keras fills before the check is
# impractical (round 19's report filled kernels 1-7, channels to 64, filters to 128, in about
# 6 minutes; this range holds about 12.6 million layers, some 40 hours at that rate)
_KERNELS = (1, 3, 5, 7, 9, 11)
_MAX_CHANNELS, _MAX_FILTERS = 2048, 1024


def _hidden_layers() -> list[tuple[int, int, int]]:
    """Three layers the chapter never shows: odd kernel sizes, one channel to many."""
    rng = hidden_rng("ch03.q1")
    return [(int(rng.choice(_KERNELS)), int(rng.integers(1, _MAX_CHANNELS + 1)),
             int(rng.integers(1, _MAX_FILTERS + 1))) for _ in range(3)]


def _delegates(conv_params) -> bool:
    """True when the answer builds a Keras (or other library's) layer to count for it, or
    has dfkit build one (see ``hands_work_to``)."""
    return hands_work_to(conv_params, _LIBRARY_NAMES, _LIBRARIES)


def _check_conv_params(conv_params) -> None:
    if _delegates(conv_params):
        raise Incorrect(_HANDS_OVER)
    refused = _keras_counters()
    for kernel, channels, filters in _PUBLIC_LAYERS + _hidden_layers():
        what = f"conv_params({kernel}, {channels}, {filters})"
        got = unwrap_scalar(call_refusing(conv_params, refused, _HANDS_OVER, kernel,
                                          channels, filters, what=what, programs=True))
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
           "Work out block1_conv by hand first (3×3 filters, 6 input channels, 32 filters) and "
           "compare with its row in the layer table; then write the same arithmetic with the "
           "three arguments. Return a plain int."),
    kind="implement",
)


def _layer_counts(model) -> dict[str, int]:
    return {layer.name: layer.count_params() for layer in model.layers}


def rgb_outcome(model, rgb_model) -> str:
    """Which option happened: compare Model 1's per-layer counts on the stack and on RGB.
    Refuses models that are not Model 1 on more channels and on RGB (the same layer names,
    3 input channels for ``rgb_model`` only): any other pair would "show" any option."""
    for name, value in (("model", model), ("rgb_model", rgb_model)):
        # what a model answers, not its class: when graded the models arrive as the
        # sandbox's proxies, which no isinstance recognises
        if not all(hasattr(value, a) for a in ("layers", "input", "count_params")):
            raise Incorrect(f"{name} should be a keras.Model: run the chapter's cells as they "
                            "are, then the experiment cell.")
    channels = (model.input.shape[-1], rgb_model.input.shape[-1])
    stack, rgb = _layer_counts(model), _layer_counts(rgb_model)
    if channels[1] != 3 or channels[0] == 3 or list(stack) != list(rgb):
        renamed = "" if list(stack) == list(rgb) else ", and layers named unlike model's"
        raise Incorrect(f"model takes {channels[0]} input channels and rgb_model "
                        f"{channels[1]}{renamed}: the experiment compares Model 1 on the "
                        "stack with the same build_cnn on RGB (3 channels). Run the "
                        "experiment cell as it is, without changing model or rgb_model.")
    changed = [name for name in stack if stack[name] != rgb[name]]
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
           "For each layer with weights, find what goes into it (the 'output shape' of the "
           "row above it in the layer table) and ask whether that would differ on RGB."),
)


def _flatten_reference(input_shape):
    """Model 1 with the Flatten head the exercise asks for, built as the chapter builds
    Model 1 (its conv blocks, then Flatten, Dense(dense_units, relu), dropout, the output)."""
    import keras
    from keras import layers

    from dfkit.models import Defaults, cnn_search_space, fake_probability, paper

    space = cnn_search_space(Defaults())
    inputs = keras.Input(input_shape)
    x = inputs
    for i, filters in enumerate(space["filters"]):
        x = paper.conv_block(x, filters, space["kernel_size"], space["dropout"],
                             name=f"block{i + 1}")
    x = layers.Flatten()(x)
    x = layers.Dense(space["dense_units"], activation="relu")(x)
    x = layers.Dropout(space["dropout"])(x)
    return keras.Model(inputs, fake_probability(x))


def _kinds(model) -> list[str]:
    """The layer types in order, the input left out."""
    return [type(lay).__name__ for lay in model.layers if type(lay).__name__ != "InputLayer"]


def _check_dense_count(flatten_dense_params, reference) -> None:
    """The Dense layer's count after Flatten, exactly: the number that explains the ratio
    (round 17d's report: any working model and count_params gave the ratio unseen)."""
    import keras

    dense = next(lay for lay in reference.layers if isinstance(lay, keras.layers.Dense))
    flat, units = int(dense.kernel.shape[0]), int(dense.units)
    filters = [lay.filters for lay in reference.layers
               if isinstance(lay, keras.layers.Conv2D)][-1]
    got = unwrap_scalar(flatten_dense_params)
    what = "flatten_dense_params"
    if not isinstance(got, numbers.Real) or isinstance(got, bool):
        raise Incorrect(f"{what} should be a number, the Dense layer's parameter count, but "
                        f"it is {type(got).__name__}.")
    if got == (flat + 1) * units:
        return
    if got == flat * units:
        raise Incorrect(f"{what} = {got:,}: almost. Each of the Dense layer's {units} units "
                        "also has one bias.")
    if got == (filters + 1) * units:
        raise Incorrect(f"{what} = {got:,}: that is Model 1's dense layer, after global "
                        f"average pooling ({filters} values, one per filter). Flatten keeps "
                        "every position of every feature map.")
    raise Incorrect(f"{what} = {got:,}, which is not the Dense layer's count. Flatten "
                    "outputs one value per position of the last block's feature maps, per "
                    "filter (height × width × filters); each Dense unit has one weight per "
                    "such value, plus one bias.")


def _check_flatten(flatten_model, flatten_ratio, flatten_dense_params, model) -> None:
    import keras

    from dfkit.models import Defaults, cnn_search_space, paper

    if not isinstance(flatten_model, keras.Model):
        raise Incorrect("flatten_model should be a keras.Model: keras.Model(inputs, outputs).")
    kinds = _kinds(flatten_model)
    if "Flatten" not in kinds:
        raise Incorrect("flatten_model has no Flatten layer: put layers.Flatten() where Model 1 "
                        "has global average pooling.")
    if "GlobalAveragePooling2D" in kinds:
        raise Incorrect("flatten_model still has global average pooling: Flatten *replaces* it.")
    convs = [lay.filters for lay in flatten_model.layers if isinstance(lay, keras.layers.Conv2D)]
    space = cnn_search_space(Defaults())
    if convs != list(space["filters"]):
        raise Incorrect(f"flatten_model's convolutions have filters {convs}; Model 1's have "
                        f"{list(space['filters'])}. Use the same conv blocks (the defaults of "
                        "cnn_search_space(Defaults())).")
    theirs, wanted = tuple(flatten_model.input.shape[1:]), tuple(model.input.shape[1:])
    if theirs != wanted:
        raise Incorrect(f"flatten_model takes inputs {theirs}; Model 1 takes {wanted}. Build it "
                        "for the same input.")
    reference = _flatten_reference(wanted)
    body, head = kinds[:kinds.index("Flatten")], kinds[kinds.index("Flatten") + 1:]
    want = _kinds(reference)
    want_body, want_head = want[:want.index("Flatten")], want[want.index("Flatten") + 1:]
    if body != want_body:
        raise Incorrect(f"Before Flatten, flatten_model has {body}; Model 1's conv blocks are "
                        f"{want_body}. Build them with the chapter's conv_block, pooling "
                        "included: it sets how many positions Flatten keeps.")
    dense = [lay for lay in flatten_model.layers if isinstance(lay, keras.layers.Dense)]
    if head != want_head or dense[0].units != space["dense_units"]:
        units = [lay.units for lay in dense]
        raise Incorrect(f"After Flatten, flatten_model has {head} (Dense units {units}); "
                        f"Model 1's head is {want_head}: a Dense layer with "
                        f"{space['dense_units']} units (relu), dropout, then fake_probability. "
                        "Keep that head; only the step before it changes.")
    relu = keras.activations.get("relu")
    if dense[0].activation is not relu:
        raise Incorrect("flatten_model's first Dense layer has no relu: give it "
                        "activation=\"relu\", as Model 1's has.")
    rates = [round(float(lay.rate), 6) for lay in flatten_model.layers
             if isinstance(lay, keras.layers.Dropout)]
    want_rates = [round(float(lay.rate), 6) for lay in reference.layers
                  if isinstance(lay, keras.layers.Dropout)]
    if rates != want_rates:  # the prompt's "the same dropout" (round 17c's report)
        raise Incorrect(f"flatten_model's dropout rates are {rates}; Model 1's are "
                        f"{want_rates}: the search space's dropout, {space['dropout']}, in "
                        "every conv block and after the dense layer. Use the same dropout.")
    kernels = {lay.kernel_size for lay in flatten_model.layers
               if isinstance(lay, keras.layers.Conv2D)}
    if (flatten_model.count_params() != reference.count_params()
            or kernels != {(space["kernel_size"],) * 2}):
        raise Incorrect(f"flatten_model has {flatten_model.count_params():,} parameters, not "
                        "the count of the Flatten head on Model 1's blocks. Use the same kernel "
                        "size and padding as conv_block.")
    _check_dense_count(flatten_dense_params, reference)
    gap_model = paper.build_cnn(input_shape=wanted)  # no seed: the notebook's RNG stays
    close(flatten_ratio, reference.count_params() / gap_model.count_params(), decimals=1,
          what="flatten_ratio")
q3 = Exercise(
    name="q3",
    prompt="Build Model 1 with Flatten instead of global average pooling, then a Dense layer "
           "with the same dense_units, then the same dropout, then the output layer "
           "(`flatten_model`); store the Dense layer's parameter count in "
           "`flatten_dense_params` (exactly), and the ratio of the two models' parameter "
           "counts (flatten_model's divided by model's) in `flatten_ratio` (1 decimal).",
    names=("flatten_model", "flatten_ratio", "flatten_dense_params"),
    context=("model",),
    checker=_check_flatten,
    # the checker reads layer classes and compares activation functions by identity, which the
    # grading sandbox's proxies cannot answer: graded, the model is listed for the instructor
    by_hand_when_graded=True,
    hints=("Up to its last conv block the model is Model 1; only the step that turns the last "
           "feature maps into one vector differs. Pooling keeps one number per filter; "
           "flattening keeps every position of every feature map, so the dense layer after it "
           "needs one weight per position, filter and unit, plus one bias per unit.",
           "Chain the layers with the functional API, as build_cnn does (a keras.Input of the "
           "stack's shape, the chapter's conv_block for each entry of the search space's "
           "filters, then Keras's flattening layer where build_cnn pools, and the same head). "
           "Every Keras model can count its own parameters."),
    kind="modify",
)

q4 = choice(
    name="q4",
    prompt="You keep the epoch with the best *test* ROC-AUC and report that score; on fresh "
           "faces the kept weights would most likely score lower. In which case would the "
           "reported score overstate them the most? (Each test face shows a different "
           "person.)",
    variable="q4_answer",
    # no option is the extreme on every factor (round 17's report): the key needs the
    # candidates' lift (in noise units) set against the noise of the faces scored
    options={"a": "20 epochs about equally good, each scored on 5,000 test faces",
             "b": "5 epochs about equally good, each scored on 100 test faces",
             "c": "20 epochs, one clearly better than the others, each scored on 100 test "
                  "faces",
             "d": "2 epochs about equally good, each scored on 100 test faces"},
    answer="b",
    feedback={"b": "Five about equally good epochs, each scored with the large noise of only "
                   "100 faces: luck decides which one wins, and the highest of five noisy "
                   "scores lands more than one noise unit above their common true value. "
                   "Twenty candidates would lift theirs further, but less than twice as far, "
                   "while 50 times the faces cut each score's noise about 7-fold (√50). "
                   "Keeping test out of every choice removes the optimism.",
              "a": "Twenty candidates lift their highest score further than five do, but "
                   "less than twice as far in noise units (the simulation in the evaluation "
                   "section), while 5,000 faces instead of 100 cut each score's noise about "
                   "7-fold (√50). In ROC-AUC the lift is smaller here: many faces outweigh "
                   "many candidates.",
              "c": "With one epoch clearly better, the pick lands on it whatever the noise: "
                   "the choice rides on a real difference, not on luck, so the score it "
                   "reports is close to fair. A pick inflates its score most when the "
                   "candidates are about equally good.",
              "d": "Close: epochs about equally good, scored on few faces, so luck decides "
                   "the pick. But with two candidates luck has less to choose from: the "
                   "highest of 2 noisy scores lands less far above the truth than the "
                   "highest of 5, on the same noise."},
    hints=("The reported score is the highest of several noisy scores. Three things set how "
           "far it lands above the truth: how many candidates are about equally good, how "
           "noisy each score is, how far apart their true values are. Here the options "
           "trade them against each other.",
           "Put the options in one unit: the evaluation section's simulation gives how far "
           "the highest of n equal candidates lands above the truth, in noise units, and a "
           "score on k times as many independent faces (here: people) has about 1/√k of the "
           "noise. Multiply the two for each option."),
)
