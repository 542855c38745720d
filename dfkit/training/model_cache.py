"""Trained models kept on disk, so that a run already computed is loaded, not computed again.

Later chapters train the very model an earlier one trained (chapters 07, 09, 10 and 11 start from
chapter 06's or 09's Model 1, same builder, data, profile and seed), and a chapter run again
trains nothing new. On a CPU training is deterministic (tests/test_determinism.py), so a second
run would only spend minutes to produce the same bytes: :func:`dfkit.training.train_model` saves
each run here and loads it the next time. The key holds everything that decides the result
(what is trained, on which files, the profile, dfkit's own code, Keras, its backend and dtype
policy), so a
change to any of them trains anew. ``DFKIT_MODEL_CACHE=0`` turns the cache off; deleting the
folder (``<cache>/models``) empties it.

What the key cannot see: dfkit's code changed in memory by a notebook (a patched builder or
constant; pass ``reuse=False`` then), and the global random state, which after a hit is not the
one a training run leaves (every builder seeds itself, so later models are not affected). On a
GPU a rerun differs from itself in the last bits, so a hit there is one earlier run of the same
experiment, not the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
from importlib import metadata
from pathlib import Path

import keras
import pandas as pd

from dfkit import config

CACHE_SWITCH_ENV = "DFKIT_MODEL_CACHE"


def enabled() -> bool:
    """Whether trained models are kept and reused (on unless ``DFKIT_MODEL_CACHE`` is ``0``)."""
    return os.environ.get(CACHE_SWITCH_ENV, "1").strip().lower() not in {"0", "false", "no", "off"}


def folder() -> Path:
    """Where the trained models are kept: ``<dfkit cache>/models``."""
    return config.cache_dir() / "models"


def _files_digest(frame: pd.DataFrame) -> str:
    """The images of a split, their labels and their bytes (a few MB: milliseconds to a second)."""
    digest = hashlib.sha256()
    for path, label in zip(frame["path"].astype(str), frame["y"].astype(int)):
        digest.update(f"{path}\0{label}\0".encode())
        digest.update(hashlib.sha256(Path(path).read_bytes()).digest())
    return digest.hexdigest()


def _versions() -> dict:
    """The libraries whose versions can change a run's bytes, the machine, and the devices."""
    names = ("tensorflow", "jax", "jaxlib", "numpy", "numba", "opencv-python-headless", "opencv-python",
             "scikit-image")
    found = {}
    for name in names:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return {**found, "machine": platform.machine(), "devices": sorted(set(_device_names()))}


def _device_names() -> list[str]:
    """The backend's devices (CPU, GPU...), without starting anything the backend has not."""
    backend = keras.backend.backend()
    if backend == "tensorflow":
        import tensorflow as tf

        return [device.device_type for device in tf.config.list_logical_devices()]
    if backend == "jax":
        import jax

        return [device.platform for device in jax.devices()]
    return [backend]


def run_key(kind: str, inputs: str, patience: int, profile: config.Profile, splits) -> dict:
    """Everything that decides what ``train_model`` returns, as a JSON-able dict."""
    return {"kind": kind, "inputs": inputs, "patience": patience, "profile": profile.as_dict(),
            "train": _files_digest(splits.train), "val": _files_digest(splits.val),
            "dfkit": config.source_digest(), "keras": keras.__version__, "backend": keras.backend.backend(),
            "dtype_policy": keras.config.dtype_policy().name, "versions": _versions()}


def _paths(key: dict) -> tuple[Path, Path, Path]:
    name = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:20]
    return _files(folder() / f"{key['kind']}-{key['inputs']}-{key['profile']['name']}-{name}")


def _files(stem: Path) -> tuple[Path, Path, Path]:
    """The model, history and key files of one kept run, named after ``stem``."""
    return stem.with_suffix(".keras"), stem.with_suffix(".history.csv"), stem.with_suffix(".json")


def load(key: dict) -> tuple[keras.Model, pd.DataFrame] | None:
    """The model and history saved under ``key``, or None when there is none (or it is unreadable).
    The history's ``attrs["from_model_cache"]`` is True: a freshly trained one has no such key."""
    model_path, history_path, _ = _paths(key)
    if not (model_path.exists() and history_path.exists()):
        return None
    try:
        model = keras.saving.load_model(model_path)  # safe_mode: no code is deserialised
        history = pd.read_csv(history_path, index_col="epoch")
        history.index = pd.RangeIndex(1, len(history) + 1, name="epoch")  # as fit() returns it
    except Exception as err:  # a half-written or foreign file: train again, and say so
        print(f"Ignoring the unreadable saved model {model_path}\n({type(err).__name__}); training again.")
        return None
    print(f"Loaded the {key['kind']} model on {key['inputs']} inputs that an identical earlier "
          f"run trained\n(dfkit's model cache; {CACHE_SWITCH_ENV}=0 trains it again).")
    history.attrs["from_model_cache"] = True  # so a chapter can say it trained nothing
    return model, history


def save(key: dict, model: keras.Model, history: pd.DataFrame) -> None:
    """Keep ``model`` (weights, optimizer state) and its history under ``key``, written atomically.

    A failed save (a full disk, a read-only folder) is said and skipped: the trained model is
    still returned to the caller, and no half-written file is left behind."""
    paths = _paths(key)
    suffix = f".tmp{os.getpid()}"
    model_path, history_path, key_path = paths
    temps = (model_path.with_name(model_path.stem + suffix + ".keras"),  # Keras wants .keras
             history_path.with_name(history_path.name + suffix), key_path.with_name(key_path.name + suffix))
    try:
        model_path.parent.mkdir(parents=True, exist_ok=True)
        model.save(temps[0])
        history.to_csv(temps[1])
        temps[2].write_text(json.dumps(key, indent=1, sort_keys=True))
        for temp, path in zip(temps[1:], paths[1:]):
            os.replace(temp, path)
        os.replace(temps[0], model_path)  # the model last: load() wants both
        _drop_stale(key["dfkit"])
    except OSError as err:
        print(f"Could not keep the trained model in {model_path.parent} ({err}); it is returned "
              f"all the same, and the next identical run will train again.")
    finally:
        for temp in temps:
            try:
                temp.unlink(missing_ok=True)
            except OSError:  # no folder to clean (it could not be made)
                pass


def _drop_stale(code: str) -> None:
    """Remove the models saved by another state of dfkit's code: no run can load them any more,
    and each state would otherwise add tens of MB (a Lite0 run at 64 px: 14 MB)."""
    for key_path in folder().glob("*.json"):
        try:
            if json.loads(key_path.read_text()).get("dfkit") == code:
                continue
        except (OSError, ValueError):
            continue  # being written by another process, or not ours: leave it
        for path in _files(key_path.with_suffix("")):
            try:
                path.unlink(missing_ok=True)
            except OSError:
                pass
