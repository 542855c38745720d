"""Trained models kept on disk, so that a run already computed is loaded, not computed again.

Later chapters train the very model an earlier one trained (chapters 07, 09, 10 and 11 start from
chapter 06's or 09's Model 1, same builder, data, profile and seed), and the worked solutions
repeat every chapter. On a CPU training is deterministic (tests/test_determinism.py), so a second
run would only spend minutes to produce the same bytes: :func:`dfkit.training.train_model` saves
each run here and loads it the next time. The key holds everything that decides the result
(what is trained, on which files, the profile, dfkit's own code, Keras, its backend and dtype
policy), so a
change to any of them trains anew. ``DFKIT_MODEL_CACHE=0`` turns the cache off; deleting the
folder (``<cache>/models``) empties it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
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


@functools.lru_cache(maxsize=1)
def _code_digest() -> str:
    """A digest of dfkit's own source: a change to a builder, the loader or the features retrains."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _files_digest(frame: pd.DataFrame) -> str:
    """The images of a split and their labels, with each file's size and modification time."""
    digest = hashlib.sha256()
    for path, label in zip(frame["path"].astype(str), frame["y"].astype(int)):
        stat = os.stat(path)
        digest.update(f"{path}\0{label}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def run_key(kind: str, inputs: str, patience: int, profile: config.Profile, splits) -> dict:
    """Everything that decides what ``train_model`` returns, as a JSON-able dict."""
    return {"kind": kind, "inputs": inputs, "patience": patience, "profile": profile.as_dict(),
            "train": _files_digest(splits.train), "val": _files_digest(splits.val),
            "dfkit": _code_digest(), "keras": keras.__version__, "backend": keras.backend.backend(),
            "dtype_policy": keras.config.dtype_policy().name}


def _paths(key: dict) -> tuple[Path, Path, Path]:
    name = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:20]
    stem = folder() / f"{key['kind']}-{key['inputs']}-{key['profile']['name']}-{name}"
    return stem.with_suffix(".keras"), stem.with_suffix(".history.csv"), stem.with_suffix(".json")


def load(key: dict) -> tuple[keras.Model, pd.DataFrame] | None:
    """The model and history saved under ``key``, or None when there is none (or it is unreadable)."""
    model_path, history_path, _ = _paths(key)
    if not (model_path.exists() and history_path.exists()):
        return None
    try:
        model = keras.saving.load_model(model_path)  # safe_mode: no code is deserialised
        history = pd.read_csv(history_path, index_col="epoch")
    except Exception as err:  # a half-written or foreign file: train again, and say so
        print(f"Ignoring the unreadable saved model {model_path} ({type(err).__name__}); training again.")
        return None
    print(f"Loaded the {key['kind']} model an identical earlier run trained ({model_path.name} in "
          f"dfkit's model cache); set {CACHE_SWITCH_ENV}=0 to train it again.")
    return model, history


def save(key: dict, model: keras.Model, history: pd.DataFrame) -> None:
    """Keep ``model`` (weights, optimizer state) and its history under ``key``, written atomically."""
    model_path, history_path, key_path = _paths(key)
    model_path.parent.mkdir(parents=True, exist_ok=True)
    suffix = f".tmp{os.getpid()}"
    tmp_model = model_path.with_name(model_path.stem + suffix + ".keras")  # Keras wants .keras
    tmp_history = history_path.with_name(history_path.name + suffix)
    model.save(tmp_model)
    history.to_csv(tmp_history)
    key_path.write_text(json.dumps(key, indent=1, sort_keys=True))
    os.replace(tmp_history, history_path)  # the model last: load() wants both
    os.replace(tmp_model, model_path)
