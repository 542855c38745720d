"""Self-test cases of dfkit.course.exercises.ch09: right answers pass, typical wrong ones fail."""

from __future__ import annotations

import functools
import inspect
import re
import textwrap
import types
from types import SimpleNamespace

import keras
import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from dfkit.evaluation import metrics
from dfkit.models import backbones
from dfkit.training.trainer import StartRecord


def _top(n, blocks=16):
    """The names' prefixes of the top n of ``blocks`` blocks (zero-padded) and the head."""
    return {f"block{i:02d}" for i in range(blocks - n, blocks)} | ({"top"} if n else set())


def _blocks(backbone):
    """How many blocks the backbone has, counted from its layers' names (block00_ ...)."""
    return 1 + max(int(layer.name[5:7]) for layer in backbone.layers
                   if layer.name.startswith("block"))


def _set_flags(backbone, names, model_flag=True, bn_frozen=True):
    """Each layer trainable when its name's prefix is in ``names`` (BatchNorm kept frozen unless
    ``bn_frozen`` is False), after setting the model's own flag (None: left as given)."""
    if model_flag is not None:
        backbone.trainable = model_flag
    for layer in backbone.layers:
        layer.trainable = (layer.name.split("_")[0] in names and not (
            bn_frozen and isinstance(layer, keras.layers.BatchNormalization)))
    return backbone


def _unfreeze_right(backbone, n):
    # a frozen model hides its layers' weights, whatever their flags: unfreeze it first
    return _set_flags(backbone, _top(n, _blocks(backbone)))


def _unfreeze_lite0_only(backbone, n):
    """Right on Lite0, but Lite0's 16 blocks assumed: wrong on a backbone of another depth."""
    return _set_flags(backbone, _top(n))


def _unfreeze_with_bn(backbone, n):
    return _set_flags(backbone, _top(n), bn_frozen=False)


def _unfreeze_bottom(backbone, n):
    return _set_flags(backbone, {f"block{i:02d}" for i in range(n)})


def _unfreeze_unpadded(backbone, n):
    """The natural f"block{15 - k}" misses the zero padding: wrong from n = 7 on (block9_)."""
    return _set_flags(backbone, {f"block{15 - k}" for k in range(n)} | ({"top"} if n else set()))


def _unfreeze_freeze_first(backbone, n):
    """The reviewer's trap: every flag by name after freezing the model itself, which in
    Keras 3 hides all its layers' weights (0 trainable), though each layer's flag looks right."""
    return _set_flags(backbone, _top(n), model_flag=False)


def _unfreeze_flags_only(backbone, n):
    """Right flags on every layer, the model's own flag left as given (frozen)."""
    return _set_flags(backbone, _top(n), model_flag=None)


def _unfreeze_model_flag_last(backbone, n):
    """Right flags, then the model unfrozen: which sets every layer's flag back to True."""
    _unfreeze_flags_only(backbone, n)
    backbone.trainable = True
    return backbone


def _unfreeze_no_return(backbone, n):
    _unfreeze_right(backbone, n)


def _unfreeze_library(backbone, n):
    """The chapter imports dfkit's own version: handing the work to it is not an answer."""
    return backbones.set_trainable_blocks(backbone, n)


_own_name_for_it = backbones.set_trainable_blocks


def _unfreeze_library_by_getattr(backbone, n):
    """The reviewer's bypass: the name as a string constant, the module as the global."""
    return getattr(backbones, "set_trainable_blocks")(backbone, n)  # noqa: B009 (the bypass)


def _unfreeze_library_by_vars(backbone, n):
    return vars(backbones)["set_trainable_blocks"](backbone, n)


def _unfreeze_library_by_default(backbone, n, helper=backbones.set_trainable_blocks):
    return helper(backbone, n)


def _unfreeze_library_renamed(backbone, n):
    return _own_name_for_it(backbone, n)


def _pasted(rename_variables: bool = False, edited: bool = False):
    """The reviewer's bypass: set_trainable_blocks's source (``??set_trainable_blocks``) pasted
    into a cell under the exercise's name; or also with its docstring dropped and its
    variables renamed (the same compiled code, under other names); or ``edited`` lightly, as
    the hostile reviewer did: the range guard dropped and ``16`` written for LITE0_BLOCKS
    (other code, which no fingerprint matches: it fails on the smaller backbone)."""
    source = textwrap.dedent(inspect.getsource(backbones.set_trainable_blocks))
    source = source.replace("def set_trainable_blocks", "def unfreeze_top")
    if edited:
        source = re.sub(r"\n    if not 0 <=.*?\n(?=    unfrozen)", "\n", source, flags=re.S)
        source = source.replace("LITE0_BLOCKS", "16")
        assert "raise" not in source and "16" in source
    if rename_variables:
        source = re.sub(r'\n    """.*?"""', "", source, count=1, flags=re.S)
        for old, new in (("trainable_blocks", "n"), ("backbone", "net"), ("unfrozen", "top"),
                         ("part", "prefix")):
            source = re.sub(rf"\b{old}\b", new, source)
    cell = {"LITE0_BLOCKS": 16, "layers": keras.layers, "keras": keras}
    exec(compile(source, "<notebook cell>", "exec"), cell)  # noqa: S102 (a notebook's cell)
    return cell["unfreeze_top"]


# a copy of its code object, made in an earlier cell, that the answer calls
_copied = types.FunctionType(backbones.set_trainable_blocks.__code__,
                             backbones.set_trainable_blocks.__globals__)


def _unfreeze_code_copy(backbone, n):
    return _copied(backbone, n)


# the library's code object, kept in an earlier cell before the check swaps the function's
# code, and made into a function inside the answer with the block count patched (report 19)
_library_code = backbones.set_trainable_blocks.__code__


def _unfreeze_from_library_code(backbone, n):
    count = len({layer.name[:7] for layer in backbone.layers
                 if layer.name.startswith("block")})
    scope = {**vars(backbones), "LITE0_BLOCKS": count}
    return types.FunctionType(_library_code, scope)(backbone, n)


def _unfreeze_from_code_default(backbone, n, code=backbones.set_trainable_blocks.__code__):
    count = len({layer.name[:7] for layer in backbone.layers
                 if layer.name.startswith("block")})
    scope = {**vars(backbones), "LITE0_BLOCKS": count}
    return types.FunctionType(code, scope)(backbone, n)


def _from_code_in_closure():
    code = backbones.set_trainable_blocks.__code__

    def unfreeze_top(backbone, n):
        count = len({layer.name[:7] for layer in backbone.layers
                     if layer.name.startswith("block")})
        scope = {**vars(backbones), "LITE0_BLOCKS": count}
        return types.FunctionType(code, scope)(backbone, n)

    return unfreeze_top


# the library's code object and module kept in a dict in an earlier cell, rebuilt inside the
# answer with the block count patched (student report 20, finding 1)
_STASH = {"code": backbones.set_trainable_blocks.__code__, "globals": dict(vars(backbones))}


def _unfreeze_from_stashed_code(backbone, n):
    scope = dict(_STASH["globals"])
    scope["LITE0_BLOCKS"] = _blocks(backbone)
    return types.FunctionType(_STASH["code"], scope)(backbone, n)


def _from_code_reached_by_attribute():
    """The code object held where no name search looks (an attribute of an object the
    answer's closure holds): caught while it runs (``watching_code``)."""
    holder = type("Holder", (), {})()
    holder.code = backbones.set_trainable_blocks.__code__

    def unfreeze_top(backbone, n):
        scope = {**vars(backbones), "LITE0_BLOCKS": _blocks(backbone)}
        return types.FunctionType(holder.code, scope)(backbone, n)

    return unfreeze_top


# --- q4: small stand-ins for the probe, the model without augmentation and the test batches ---

class _Batches(keras.utils.PyDataset):
    """Test faces in one batch, with the labels and the (off) shuffle an ImageBatches carries."""

    shuffle = False  # training.predict, which the checker uses, refuses shuffled batches

    def __init__(self):
        super().__init__()
        rng = np.random.default_rng(0)
        self.labels = np.tile([0, 1], 16)
        self.x = (rng.random((32, 8, 8, 3)) + 0.05 * self.labels[:, None, None, None]) / 1.05

    def __len__(self):
        return 1

    def __getitem__(self, index):
        return self.x


class _ValBatches(_Batches):
    """The same faces with their labels, as validation batches are (for ``evaluate``): the
    faces every stand-in model is validated on while it trains."""

    def __getitem__(self, index):
        return self.x, self.labels


class _TrainBatches(keras.utils.PyDataset):
    """Training faces in four batches of eight (with labels): so that a whole epoch is four
    optimizer steps, and one step is not an epoch."""

    def __init__(self):
        super().__init__()
        rng = np.random.default_rng(1)
        self.labels = np.tile([0, 1], 16)
        self.x = (rng.random((32, 8, 8, 3)) + 0.05 * self.labels[:, None, None, None]) / 1.05

    def __len__(self):
        return 4

    def __getitem__(self, index):
        part = slice(8 * index, 8 * index + 8)
        return self.x[part], self.labels[part]


PROFILE = SimpleNamespace(epochs=5, seed=0)  # the probe's cap on epochs, and its seed
DATA = SimpleNamespace(test=pd.DataFrame({"group": np.repeat(np.arange(8), 4)}))


def _model(augment: bool, seed: int = 1, dropout: float = 0.2, frozen_seed: int = 0,
           frozen: bool = True, learning_rate: float = 0.05) -> keras.Model:
    """A stand-in probe: a frozen layer (its weights fixed by ``frozen_seed``, as ImageNet's
    are), dropout with the build's seed, and a sigmoid head; ``augment`` adds a RandomFlip."""
    keras.utils.set_random_seed(seed)
    inputs = keras.Input((8, 8, 3))
    x = keras.layers.RandomFlip("horizontal", seed=seed)(inputs) if augment else inputs
    x = keras.layers.Flatten(name="pool")(x)  # a flip moves the inputs: it changes the fit
    x = keras.layers.Dense(16, name="features", trainable=not frozen,
                           kernel_initializer=keras.initializers.GlorotUniform(frozen_seed))(x)
    x = keras.layers.Dropout(dropout, seed=seed, name="head_drop")(x)
    outputs = keras.layers.Dense(1, activation="sigmoid", name="fake_probability")(x)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="binary_crossentropy",
                  metrics=[keras.metrics.AUC(name="auc")])
    return model


def _trained(model: keras.Model, epochs: int = PROFILE.epochs, patience: int | None = 3,
             steps: int | None = None) -> tuple[keras.Model, pd.DataFrame]:
    """``model`` fitted as the probe was (early stopping on val AUC at ``patience``, None:
    none), or cut short to ``steps`` steps an epoch; with the history fit returns."""
    test = _Batches()
    stop = ([keras.callbacks.EarlyStopping("val_auc", mode="max", patience=patience,
                                           restore_best_weights=True)]
            if patience else [])
    history = model.fit(_TrainBatches(), validation_data=(test.x, test.labels),
                        epochs=epochs, steps_per_epoch=steps, verbose=0,
                        callbacks=[*stop, StartRecord()])  # as training.fit keeps it
    return model, pd.DataFrame(history.history)


def _predicted(model: keras.Model) -> np.ndarray:
    return model.predict(_Batches(), verbose=0).ravel()


def _paired(model: keras.Model, probe: keras.Model) -> tuple[float, float, float]:
    return metrics.paired_auc_difference(_Batches().labels, _predicted(model),
                                         _predicted(probe), groups=DATA.test["group"],
                                         n_boot=300, seed=PROFILE.seed)


def _reading(gain) -> str:
    return "a" if gain[1] > 0 else "c" if gain[2] < 0 else "b"


@functools.cache
def _q4_world() -> dict:
    test = _Batches()
    (probe, probe_history), (noaug, history) = _trained(_model(True)), _trained(_model(False))
    auc = {name: round(float(roc_auc_score(test.labels, _predicted(m))), 3)
           for name, m in (("probe", probe), ("noaug", noaug))}
    gain = _paired(noaug, probe)
    return {"probe": probe, "probe_history": probe_history, "noaug": noaug, "history": history,
            "unfitted": _model(False), "test_b": test, "train_b": _TrainBatches(),
            "val_b": _ValBatches(),
            "probe_scores": {"test ROC-AUC": auc["probe"]},
            "noaug_scores": {"test ROC-AUC": auc["noaug"]},
            "gain": gain, "reading": _reading(gain)}


def _q4(**changes) -> dict:
    w = _q4_world()
    answer = {"noaug_model": w["noaug"], "noaug_history": w["history"],
              "noaug_scores": w["noaug_scores"], "augmentation_gain": w["gain"],
              "q4_answer": w["reading"], "probe": w["probe"],
              "probe_history": w["probe_history"],
              "probe_scores": w["probe_scores"], "test_b": w["test_b"],
              "train_b": w["train_b"], "val_b": w["val_b"], "profile": PROFILE, "data": DATA}
    return {**answer, **changes}


def _q4_world_value(name: str):
    return _q4_world()[name]


def _q4_wrong_reading() -> dict:
    return _q4(q4_answer=next(k for k in "abc" if k != _q4_world_value("reading")))


def _q4_scored(model: keras.Model, history: pd.DataFrame) -> dict:
    """A wrongly built or trained model handed in with its own scores, a consistent interval
    and reading: only the build or the training recipe is wrong."""
    test = _Batches()
    auc = round(float(roc_auc_score(test.labels, _predicted(model))), 3)
    gain = _paired(model, _q4_world_value("probe"))
    return _q4(noaug_model=model, noaug_history=history, noaug_scores={"test ROC-AUC": auc},
               augmentation_gain=gain, q4_answer=_reading(gain))


def _q4_one_step() -> dict:
    """The reviewer's shortcut: fit(..., epochs=1, steps_per_epoch=1)."""
    return _q4_scored(*_trained(_model(False), epochs=1, patience=None, steps=1))


def _q4_step_counter_set() -> dict:
    """No training at all: the optimizer's step counter set by hand (a random head)."""
    model = _model(False)
    model.optimizer.build(model.trainable_variables)
    model.optimizer.iterations.assign(1)
    return _q4_scored(model, _q4_world_value("history"))


def _q4_faked_training() -> dict:
    """The reviewer's fake: a fresh, untrained build whose step counter is set to as many
    whole epochs as a made-up, rising history holds (Adam's averages stay zero)."""
    model = _model(False)
    model.optimizer.build(model.trainable_variables)
    model.optimizer.iterations.assign(PROFILE.epochs * len(_TrainBatches()))
    made_up = pd.DataFrame({"val_auc": np.linspace(0.6, 0.9, PROFILE.epochs)})
    return _q4_scored(model, made_up)


def _q4_history(val_auc: list[float]) -> dict:
    """Trained for as many whole epochs as ``val_auc`` lists, handed in with that history:
    an early stop at the wrong patience, or none."""
    model, _ = _trained(_model(False), epochs=len(val_auc), patience=None)
    return _q4_scored(model, pd.DataFrame({"val_auc": val_auc}))


def _q4_relabelled(best_first: bool, record_too: bool = False) -> dict:
    """The reader's shortcut: trained for fewer epochs than the cap without early stopping,
    the history's val_auc then rewritten to look like an early stop at patience 3 (best
    first, then three worse), either with made-up values or with the model's own last value
    moved to the front so that the best matches what the model scores now; ``record_too``
    also rewrites the record Keras keeps on the model (``model.history``)."""
    model, history = _trained(_model(False), epochs=4, patience=None)
    made_up = history.copy()
    last = float(history["val_auc"].iloc[-1])
    made_up["val_auc"] = [last, last - 0.1, last - 0.1, last - 0.1] if best_first \
        else [0.99, 0.5, 0.5, 0.5]
    if record_too:
        model.history.history["val_auc"] = list(made_up["val_auc"])
    return _q4_scored(model, made_up)


def _q4_built(**changes) -> dict:
    """The reviewer's confounded comparisons: augmentation off *and* something else changed
    (another seed, dropout, learning rate, unfrozen or randomly initialised layers), trained
    and scored consistently."""
    return _q4_scored(*_trained(_model(False, **changes)))


def _q4_warm_started() -> dict:
    """The reader's warm start (student report 20): a fresh build without augmentation, the
    trained probe's head copied in before training, then trained by the recipe."""
    model = _model(False)
    head = _q4_world_value("probe").get_layer("fake_probability").get_weights()
    model.get_layer("fake_probability").set_weights(head)
    return _q4_scored(*_trained(model))


def _q4_no_start_record() -> dict:
    """Trained by the recipe, but the record of how training began removed."""
    model, history = _trained(_model(False))
    object.__delattr__(model, "fit_start")
    return _q4_scored(model, history)


def _q4_other_architecture() -> dict:
    keras.utils.set_random_seed(1)
    inputs = keras.Input((8, 8, 3))
    x = keras.layers.GlobalAveragePooling2D(name="pool")(inputs)
    model = keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid",
                                                   name="fake_probability")(x))
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="binary_crossentropy",
                  metrics=[keras.metrics.AUC(name="auc")])
    return _q4_scored(*_trained(model))


UP, NEUTRAL, DOWN = (0.05, 0.01, 0.09), (0.024, -0.018, 0.066), (-0.07, -0.12, -0.02)


def _q5(answer) -> dict:
    return {"flat_probe": answer}


def _q2(prediction: str, gain: tuple) -> dict:
    return {"q2_prediction": prediction, "fine_tune_gain": gain}


CASES = {
    "q1": {
        "right": [lambda: {"unfreeze_top": _unfreeze_right}],
        "wrong": [lambda: {"unfreeze_top": _unfreeze_with_bn},
                  lambda: {"unfreeze_top": _unfreeze_bottom},
                  lambda: {"unfreeze_top": _unfreeze_unpadded},
                  lambda: {"unfreeze_top": _unfreeze_no_return},
                  lambda: {"unfreeze_top": _unfreeze_freeze_first},
                  lambda: {"unfreeze_top": _unfreeze_flags_only},
                  lambda: {"unfreeze_top": _unfreeze_model_flag_last},
                  lambda: {"unfreeze_top": _unfreeze_library},
                  lambda: {"unfreeze_top": _unfreeze_library_renamed},
                  lambda: {"unfreeze_top": _unfreeze_library_by_getattr},
                  lambda: {"unfreeze_top": _unfreeze_library_by_vars},
                  lambda: {"unfreeze_top": _unfreeze_library_by_default},
                  lambda: {"unfreeze_top": backbones.set_trainable_blocks},
                  lambda: {"unfreeze_top": _pasted()},
                  lambda: {"unfreeze_top": _pasted(rename_variables=True)},
                  lambda: {"unfreeze_top": _pasted(edited=True)},
                  lambda: {"unfreeze_top": _unfreeze_lite0_only},
                  lambda: {"unfreeze_top": _unfreeze_code_copy},
                  lambda: {"unfreeze_top": _copied},
                  lambda: {"unfreeze_top": _unfreeze_from_library_code},
                  lambda: {"unfreeze_top": _unfreeze_from_code_default},
                  lambda: {"unfreeze_top": _from_code_in_closure()},
                  lambda: {"unfreeze_top": _unfreeze_from_stashed_code},
                  lambda: {"unfreeze_top": _from_code_reached_by_attribute()}],
    },
    "q2": {
        "right": [lambda: _q2("a", UP), lambda: _q2("b", NEUTRAL), lambda: _q2("C", DOWN),
                  lambda: _q2("b", [0.0, -0.01, 0.01])],
        # a gap past a fixed margin, as the reader's +0.024, is still too close to call
        "wrong": [lambda: _q2("a", NEUTRAL), lambda: _q2("b", DOWN),
                  lambda: _q2("b", UP), lambda: _q2("a", 0.05),
                  lambda: _q2("a", ("a", "b", "c"))],
    },
    "q3": {
        "right": [lambda: {"q3_answer": "b"}],
        "wrong": [lambda: {"q3_answer": "a"}, lambda: {"q3_answer": "c"},
                  lambda: {"q3_answer": "d"}],
    },
    "q4": {
        "right": [lambda: _q4(), lambda: _q4(q4_answer=_q4_world_value("reading").upper()),
                  lambda: _q4(augmentation_gain=list(_q4_world_value("gain")))],
        # trained as the probe was: whole epochs, early stopping at patience 3 or the cap
        "wrong": [_q4_wrong_reading,
                  lambda: _q4(augmentation_gain=tuple(-v for v in _q4_world_value("gain"))),
                  lambda: _q4(augmentation_gain=(0.2, 0.1, 0.3)),
                  lambda: _q4(augmentation_gain=0.05),
                  lambda: _q4(q4_answer="d"),
                  lambda: _q4(noaug_scores=0.71),
                  # the reader's shortcut: the probe's own scores and no gain
                  lambda: _q4(noaug_scores=_q4_world_value("probe_scores"),
                              augmentation_gain=(0.0, 0.0, 0.0)),
                  lambda: _q4(noaug_model=_q4_world_value("probe"),
                              noaug_scores=_q4_world_value("probe_scores"),
                              augmentation_gain=(0.0, 0.0, 0.0)),
                  lambda: _q4(noaug_model=_q4_world_value("unfitted")),
                  lambda: _q4(noaug_model=_trained(_model(True, 2))[0]),
                  lambda: _q4(noaug_model="the model"),
                  lambda: _q4(noaug_history=None),
                  # the reviewer's shortcuts: one step of training, or none at all
                  _q4_one_step, _q4_step_counter_set, _q4_faked_training,
                  # stopped at patience 2; no early stopping; more epochs than the cap
                  lambda: _q4_history([0.6, 0.7, 0.65, 0.64]),
                  lambda: _q4_history([0.9, 0.8, 0.8, 0.8, 0.8]),
                  lambda: _q4_history([0.6, 0.7, 0.75, 0.8, 0.85, 0.9]),
                  # a short run handed in with a history edited to look like an early stop
                  lambda: _q4_relabelled(best_first=False),
                  lambda: _q4_relabelled(best_first=True),
                  lambda: _q4_relabelled(best_first=False, record_too=True),
                  lambda: _q4_history([0.99, 0.5, 0.5, 0.5]),
                  # more than augmentation changed
                  lambda: _q4_built(seed=2), lambda: _q4_built(dropout=0.5),
                  lambda: _q4_built(learning_rate=1e-4), lambda: _q4_built(frozen=False),
                  lambda: _q4_built(frozen_seed=7), _q4_other_architecture,
                  # the trained probe's head copied in before training (a warm start)
                  _q4_warm_started, _q4_no_start_record],
    },
    "q5": {
        "right": [lambda: _q5(5 * 5 * 1280 + 1), lambda: _q5(np.int64(32_001)),
                  lambda: _q5(32_001.0)],
        # the pooled probe (with or without its bias); section 2's 2×2 map copied, or the map
        # at 128 or 224 px; the side divided by 16 (10×10) or 64; the bias forgotten or one
        # per position; the backbone counted; text, an array, not whole, a bool
        "wrong": [lambda: _q5(1281), lambda: _q5(1280), lambda: _q5(2 * 2 * 1280 + 1),
                  lambda: _q5(7 * 7 * 1280 + 1), lambda: _q5(4 * 4 * 1280 + 1),
                  lambda: _q5(10 * 10 * 1280 + 1), lambda: _q5(3 * 3 * 1280 + 1),
                  lambda: _q5(5 * 5 * 1280), lambda: _q5(25 * 1281),
                  lambda: _q5(4_694_024), lambda: _q5(np.int64(1_281_000)),
                  lambda: _q5(np.int64(150_000)),
                  lambda: _q5("32001"), lambda: _q5("1281"), lambda: _q5(np.array([32_001])),
                  lambda: _q5([1, [2, 3]]), lambda: _q5(32_001.5), lambda: _q5(True)],
    },
}
