"""Right and wrong answers for chapter 03's exercises (read by tests/test_exercises.py)."""

from __future__ import annotations

import numpy as np

SHAPE = (32, 32, 6)


def _model(channels: int = 6):
    from dfkit.models import paper as models

    return models.build_cnn(input_shape=(*SHAPE[:2], channels), seed=0)


def _flatten_model(head: str = "flatten", filters=(32, 64, 128), dense: int | None = 64,
                   pool: bool = True, activation: str = "relu", rate: float = 0.2,
                   head_rate: float | None = None):
    import keras
    from keras import layers

    from dfkit.models import paper as models

    inputs = keras.Input(SHAPE)
    x = inputs
    for i, f in enumerate(filters):
        if pool:
            x = models.conv_block(x, f, 3, rate, name=f"b{i}")
        else:  # the blocks without their max-pooling: many more positions to flatten
            x = layers.Dropout(rate)(layers.Conv2D(f, 3, padding="same",
                                                   activation="relu")(x))
    x = layers.Flatten()(x) if head == "flatten" else layers.GlobalAveragePooling2D()(x)
    if dense:  # None: Flatten straight into the output (ratio about 1)
        x = layers.Dense(dense, activation=activation)(x)
        x = layers.Dropout(rate if head_rate is None else head_rate)(x)
    return keras.Model(inputs, models.fake_probability(x))


def _renamed():
    """An RGB model whose layers are named unlike Model 1's."""
    import keras
    from keras import layers

    inputs = keras.Input((*SHAPE[:2], 3))
    x = layers.GlobalAveragePooling2D()(layers.Conv2D(32, 3, name="c1")(inputs))
    return keras.Model(inputs, layers.Dense(1, name="out")(x))


def _by_keras(kernel_size, in_channels, filters):
    """Hands the count to Keras: passes every case, without the formula."""
    import keras

    layer = keras.layers.Conv2D(filters, kernel_size)
    layer.build((None, 8, 8, in_channels))
    return layer.count_params()


def _keras_in_a_dict():
    """The report's route C (round 17): the Keras helper kept in a dict, so that the answer's
    code names only the dict."""
    tools = {"count": _by_keras}
    return lambda k, c, f: tools["count"](k, c, f)


class _Counter:
    """The report's route D: the Keras helper behind a callable object's ``__call__``."""

    def __call__(self, k, c, f):
        return _by_keras(k, c, f)


def _keras_behind_call():
    counter = _Counter()
    return lambda k, c, f: counter(k, c, f)


def _keras_by_strings(kernel_size, in_channels, filters):
    """The report's route A: Keras fetched from ``sys.modules``, its names spelt in pieces."""
    import sys

    k = sys.modules["ker" + "as"]
    layer = getattr(getattr(k, "lay" + "ers"), "Con" + "v2D")(filters, kernel_size)
    layer.build((None, 8, 8, in_channels))
    return getattr(layer, "count_" + "params")()


def _keras_in_exec():
    """The report's route B: the helper defined by ``exec``, out of the answer's code."""
    found = {}
    exec("import keras\n"
         "def helper(k, c, f):\n"
         "    layer = keras.layers.Conv2D(f, k)\n"
         "    layer.build((None, 8, 8, c))\n"
         "    return layer.count_params()\n", found)
    helper = found["helper"]
    return lambda k, c, f: helper(k, c, f)


def _keras_in_a_program(kernel_size, in_channels, filters):
    """The report's route (round 17c): Keras counts in another Python program, where the
    kernel's refusals do not reach."""
    import subprocess
    import sys

    code = (f"import keras;l=keras.layers.Conv2D({filters},{kernel_size});"
            f"l.build((None,8,8,{in_channels}));print(l.count_params())")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return int(done.stdout.split()[-1])


def _shell_caught(k, c, f):
    """A program started (here a harmless one) and its refusal caught: still handed over."""
    import os

    try:
        os.system("true")
    except Exception:
        pass
    return (k * k * c + 1) * f


def _program_from_a_thread(kernel_size, in_channels, filters):
    """Round 20's report: the program started from another thread, which the refusal (then
    of the answer's thread alone) did not watch."""
    import subprocess
    import sys
    import threading

    code = f"print(({kernel_size} * {kernel_size} * {in_channels} + 1) * {filters})"
    box = []
    thread = threading.Thread(target=lambda: box.append(subprocess.check_output(
        [sys.executable, "-c", code])))  # Keras's place: any other program
    thread.start()
    thread.join()
    return int(box[0])


def _spawn_pool():
    import multiprocessing

    pool = multiprocessing.get_context("spawn").Pool(1)
    pool.apply(eval, ("1",))  # its worker started and answering, before the check
    return pool


def _in_a_pool_made_before():
    """Round 20's report: work sent to a worker pool started before the check (``eval`` in
    Keras's place), where no refusal reaches."""
    pool = _spawn_pool()

    def conv_params(k, c, f):
        return pool.apply(eval, (f"({k} * {k} * {c} + 1) * {f}",))
    return conv_params


_TOOLS = {"count": _by_keras}


def _keras_caught(k, c, f):
    """Keras asked through a dict, its refusal caught and the formula returned instead: the
    answer still tried to hand the work over."""
    try:
        return _TOOLS["count"](k, c, f)
    except Exception:
        return (k * k * c + 1) * f


def _keras_by_default():
    """Keras reached through a default argument, no library name in the answer's code."""
    import keras

    def conv_params(k, c, f, make=keras.layers.Conv2D):
        layer = make(f, k)
        layer.build((None, 8, 8, c))
        return sum(int(np.prod(w.shape)) for w in layer.weights)

    return conv_params


class _StubHp:
    """An ``hp`` that makes build_cnn a one-block model of the asked kernel and filters."""

    def __init__(self, kernel_size, filters):
        self.kernel_size, self.filters = kernel_size, filters

    def Int(self, name, *args, default=None, **kwargs):  # noqa: N802 (Keras Tuner's name)
        if name == "conv_blocks":
            return 1
        return self.filters if name.startswith("filters") else default

    def Choice(self, name, values, default=None):  # noqa: N802
        return self.kernel_size

    def Float(self, name, *args, default=None, **kwargs):  # noqa: N802
        return default


def _by_dfkit():
    """The course's own builder and layer table count for it: no Keras name in the answer
    (the hostile reviewer's answer, round 15)."""
    from dfkit import models

    def conv_params(k, c, f):
        t = models.layer_table(models.build_cnn(_StubHp(k, f), input_shape=(8, 8, c)))
        return int(t.loc[t["layer"] == "block1_conv", "parameters"].iloc[0])

    return conv_params


def _by_dfkit_defaults():
    """The same, with dfkit's functions reached through default arguments."""
    from dfkit import models

    def conv_params(k, c, f, build=models.build_cnn, table=models.layer_table):
        t = table(build(_StubHp(k, f), input_shape=(8, 8, c)))
        return int(t["parameters"].iloc[1])

    return conv_params


_PUBLIC = {(3, 6, 32): 1760, (5, 3, 16): 1216}  # a table of the cases every check shows


def _by_jax(kernel_size, in_channels, filters):
    """Round 19's report, route (a): JAX's stax builds the layer and counts its weights."""
    import jax
    from jax.example_libraries import stax

    init, _ = stax.Conv(filters, (kernel_size, kernel_size), padding="SAME")
    _, params = init(jax.random.PRNGKey(0), (1, 8, 8, in_channels))
    return int(sum(p.size for p in params))


def _jax_by_strings(kernel_size, in_channels, filters):
    """The same with JAX imported by a name built from strings: no JAX name in the code."""
    import importlib

    jx = importlib.import_module("ja" + "x")
    st = importlib.import_module("ja" + "x.example_libraries.st" + "ax")
    init, _ = getattr(st, "Co" + "nv")(filters, (kernel_size, kernel_size))
    _, params = init(jx.random.PRNGKey(0), (1, 8, 8, in_channels))
    return int(sum(p.size for p in params))


def _jax_made_before():
    """stax's init functions made before the check, for every (kernel, filters) it asks,
    and kept in a dict: the answer's call only hands them the channels."""
    import jax
    from jax.example_libraries import stax

    from dfkit.course.exercises import ch03

    inits = {(k, f): stax.Conv(f, (k, k))[0]
             for k, _, f in ch03._PUBLIC_LAYERS + ch03._hidden_layers()}
    key = jax.random.PRNGKey(0)
    return lambda k, c, f: int(sum(p.size for p in inits[(k, f)](key, (1, 8, 8, c))[1]))


def _legacy_keras_by_strings(kernel_size, in_channels, filters):
    """Round 22's report: the Keras 2 TensorFlow bundles (``tensorflow.python.keras``),
    imported by a name built from pieces, builds the layer; its weights are counted."""
    import importlib

    L = importlib.import_module(".".join(["tensor" + "flow", "python", "ker" + "as",
                                          "lay" + "ers"]))
    lay = getattr(L, "Conv" + "2D")(filters, kernel_size)
    lay.build((None, 32, 32, in_channels))
    return sum(int(np.prod(w.shape)) for w in lay.weights)


def _legacy_keras_counts(kernel_size, in_channels, filters):
    """The same layer counted by legacy Keras's own count_params."""
    import importlib

    L = importlib.import_module("tensor" + "flow.python.ker" + "as.lay" + "ers")
    lay = getattr(L, "Conv" + "2D")(filters, kernel_size)
    lay.build((None, 32, 32, in_channels))
    return getattr(lay, "count_" + "params")()


def _table_of_the_old_range():
    """Round 19's report, route (b): a table Keras filled before the check, over the range
    the hidden layers were drawn from then (kernels 1-7, channels to 64, filters to 128);
    the formula stands in for Keras's 6 minutes here."""
    table = {(k, c, f): (k * k * c + 1) * f
             for k in (1, 3, 5, 7) for c in range(1, 65) for f in range(1, 129)}
    return lambda k, c, f: table[(k, c, f)]


def _ratio(flat, model) -> float:
    return flat.count_params() / model.count_params()


def _dense_params(flat) -> int:
    """The first Dense layer's count (after Flatten, the layer that explains the ratio)."""
    import keras

    return next(lay for lay in flat.layers
                if isinstance(lay, keras.layers.Dense)).count_params()


def _q3(head="flatten", filters=(32, 64, 128), ratio=None, dense_params=None, **kwargs):
    model, flat = _model(), _flatten_model(head, filters, **kwargs)
    return {"model": model, "flatten_model": flat,
            "flatten_ratio": _ratio(flat, model) if ratio is None else ratio,
            "flatten_dense_params": (_dense_params(flat) if dense_params is None
                                     else dense_params)}


# the Dense layer after Flatten at SHAPE: three poolings leave 4 × 4 × 128 values
_FLAT = (SHAPE[0] // 8) * (SHAPE[1] // 8) * 128


CASES = {
    "q1": {
        "right": [lambda: {"conv_params": lambda k, c, f: (k * k * c + 1) * f},
                  lambda: {"conv_params": lambda k, c, f: np.int64((k * k * c + 1) * f)}],
        "wrong": [lambda: {"conv_params": lambda k, c, f: k * k * c * f},
                  lambda: {"conv_params": lambda k, c, f: (k * k + 1) * f},
                  lambda: {"conv_params": lambda k, c, f: 1760},
                  lambda: {"conv_params": _by_keras},
                  # the same through a helper beside the answer, and through a default
                  lambda: {"conv_params": lambda k, c, f: _by_keras(k, c, f)},
                  lambda: {"conv_params": _keras_by_default()},
                  # one step of indirection (round 17's report): a dict, a callable object,
                  # sys.modules and getattr on strings, a helper made by exec; Keras is
                  # refused while the answer runs, however it is reached
                  lambda: {"conv_params": _keras_in_a_dict()},
                  lambda: {"conv_params": _keras_behind_call()},
                  lambda: {"conv_params": _keras_by_strings},
                  lambda: {"conv_params": _keras_in_exec()},
                  lambda: {"conv_params": _keras_caught},
                  # another program counts, out of the refusals' reach (round 17c)
                  lambda: {"conv_params": _keras_in_a_program},
                  lambda: {"conv_params": _shell_caught},
                  # a program started from another thread, and work sent to a pool made
                  # before the check (round 20's report)
                  lambda: {"conv_params": _program_from_a_thread},
                  lambda: {"conv_params": _in_a_pool_made_before()},
                  # dfkit's build_cnn (a stub hp: one block) and layer_table count for it
                  lambda: {"conv_params": _by_dfkit()},
                  lambda: {"conv_params": _by_dfkit_defaults()},
                  lambda: {"conv_params": lambda k, c, f: _PUBLIC.get((k, c, f), 0)},
                  # JAX counts (round 19's report): stax by name, by strings, and init
                  # functions made before the check
                  lambda: {"conv_params": _by_jax},
                  lambda: {"conv_params": _jax_by_strings},
                  lambda: {"conv_params": _jax_made_before()},
                  # TensorFlow's legacy Keras 2 reached by strings (round 22's report)
                  lambda: {"conv_params": _legacy_keras_by_strings},
                  lambda: {"conv_params": _legacy_keras_counts},
                  # a table filled before the check, over the old hidden range (round 19)
                  lambda: {"conv_params": _table_of_the_old_range()},
                  lambda: {"conv_params": lambda k, c: 0},
                  # an array (a crash once: "truth value of an array is ambiguous")
                  lambda: {"conv_params": lambda k, c, f: np.array([(k * k * c + 1) * f] * 2)}],
    },
    "q2": {
        "right": [lambda: {"q2_prediction": "b", "model": _model(6), "rgb_model": _model(3)}],
        "wrong": [lambda: {"q2_prediction": "a", "model": _model(6), "rgb_model": _model(3)},
                  lambda: {"q2_prediction": "d", "model": _model(6), "rgb_model": _model(3)},
                  # rgb_model overwritten so that the run "shows" the letter predicted
                  lambda: {"q2_prediction": "c", "model": _model(6), "rgb_model": _model(6)},
                  lambda: {"q2_prediction": "a", "model": _model(6),
                           "rgb_model": _q3()["flatten_model"]},
                  # RGB, but its layers named otherwise: every layer would count as changed
                  lambda: {"q2_prediction": "a", "model": _model(6), "rgb_model": _renamed()},
                  lambda: {"q2_prediction": "b", "model": _model(6), "rgb_model": None}],
    },
    "q3": {
        "right": [lambda: _q3(),
                  lambda: {**_q3(), "flatten_ratio": round(_q3()["flatten_ratio"], 1)},
                  # the count by the formula, as a plain int
                  lambda: _q3(dense_params=(_FLAT + 1) * 64)],
        "wrong": [lambda: _q3(ratio=1.0),
                  lambda: _q3(head="gap"),
                  lambda: _q3(filters=(16, 32, 64)),
                  # its own ratio, of a wrong model: Flatten straight into the output (1.0),
                  # no pooling, the wrong units, no relu
                  lambda: _q3(dense=None),
                  lambda: _q3(pool=False),
                  lambda: _q3(dense=32),
                  lambda: _q3(activation="linear"),
                  # another dropout than "the same dropout" (round 17c's report): the
                  # parameter count is the same, the model is not the one asked for
                  lambda: _q3(rate=0.5),
                  lambda: _q3(head_rate=0.5),
                  lambda: {**_q3(), "flatten_ratio": 1.0},
                  lambda: {**_q3(), "flatten_model": "not a model"},
                  # the right model and ratio, its dense count unseen (round 17d's report):
                  # missing, the bias forgotten, Model 1's dense layer, a string
                  lambda: {**_q3(), "flatten_dense_params": None},
                  lambda: _q3(dense_params=_FLAT * 64),
                  lambda: _q3(dense_params=(128 + 1) * 64),
                  lambda: _q3(dense_params=str((_FLAT + 1) * 64))],
    },
    "q4": {
        "right": [lambda: {"q4_answer": "b"}],
        "wrong": [lambda: {"q4_answer": "a"}, lambda: {"q4_answer": "c"},
                  lambda: {"q4_answer": "d"}],
    },
}
