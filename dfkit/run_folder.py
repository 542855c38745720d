"""A saved run folder read and checked in one place, for ``evaluate`` and ``predict``.

``train`` and ``tune`` write ``config.json``, ``metrics.json``, ``splits.csv`` and ``model.keras``;
anyone can edit, truncate or craft them afterwards. Every field dfkit reads back is checked here,
once, as the file is read (type and range; the model's input shape against ``image_size`` and the
inputs' channels; its output against one probability per image), and ``model.keras`` is opened only
after its zip members' declared sizes pass, in Keras's safe mode. A problem is one
:class:`~dfkit.exceptions.RunError` naming the file, the field, what it holds and the fix.
"""

from __future__ import annotations

import dataclasses
import json
import math
import numbers
import typing
import zipfile
from pathlib import Path

import numpy as np

from dfkit import config
from dfkit.exceptions import RunError

CONFIG, METRICS, SPLITS, MODEL = "config.json", "metrics.json", "splits.csv", "model.keras"
AGAIN = "Train the run again"
INPUT_CHANNELS = {"rgb": 3, "stack": 6}  # what the model's last input axis holds
SPLIT_STRATEGIES = ("group", "stratified")
MAX_IMAGE_SIZE = 1024  # the paper's profile uses 128
# The course's largest model.keras, EfficientNet-Lite0 (pretrained), is 14.3 MB: 158 KB of
# config.json and a 14.1 MB model.weights.h5. These limits leave room for far larger models while
# refusing a zip bomb (a 1.9 MB file whose config.json inflates to 1.5 GiB) before it is unpacked.
MAX_JSON_MEMBER = 16 * 2**20
MAX_UNPACKED = 512 * 2**20
REQUIRED_MEMBERS = ("config.json", "model.weights.h5")


def _shown(value) -> str:
    """``value`` as the message quotes it: its repr, cut short."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _field_error(path: Path, field: str, value, wanted: str, fix: str = AGAIN) -> RunError:
    return RunError(f"{path}: field {field!r} holds {_shown(value)}, not {wanted}. {fix}.")


def read_json(path: Path) -> dict:
    """A run's JSON file as a dict, or a refusal naming the file (unreadable, not JSON, not an object)."""
    try:
        value = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise RunError(f"{path} cannot be read as JSON ({type(err).__name__}: {err}). "
                       f"{AGAIN}.") from err
    if not isinstance(value, dict):
        raise RunError(f"{path} holds a JSON {type(value).__name__}, not the object dfkit writes. {AGAIN}.")
    return value


def write_json(path: Path, record: dict) -> None:
    """``record`` as strict JSON: a NaN or infinite number (an undefined metric) is written as null."""
    def finite(value):
        if isinstance(value, float) and not math.isfinite(value):
            return None
        if isinstance(value, dict):
            return {k: finite(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [finite(v) for v in value]
        return value

    Path(path).write_text(json.dumps(finite(record), indent=2, allow_nan=False, default=str))


# --------------------------------------------------------------------------- numbers
def _is_number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def is_threshold(value) -> bool:
    """Whether ``value`` can be a decision threshold: a finite number from 0 to 1 (not a string)."""
    return _is_number(value) and math.isfinite(value) and 0 <= value <= 1


def recorded_threshold(run: Path, fix: str = AGAIN) -> tuple[float, str] | None:
    """The threshold ``metrics.json`` records as chosen on validation, and its rule; None when the
    run records none (saved before runs did). ``fix``: what a refusal tells the user to do."""
    path = Path(run) / METRICS
    if not path.exists():
        return None
    scores = read_json(path)
    if "threshold" not in scores:
        return None
    chosen = scores["threshold"]
    if not isinstance(chosen, dict) or "value" not in chosen:
        raise _field_error(path, "threshold", chosen, "an object with a 'value'", fix)
    if not is_threshold(chosen["value"]):
        raise _field_error(path, "threshold.value", chosen["value"], "a number from 0 to 1", fix)
    rule = chosen.get("rule", "run's")
    return float(chosen["value"]), rule if isinstance(rule, str) else "run's"


# --------------------------------------------------------------------------- config.json
def _whole(path: Path, field: str, value, low: int, high: int | None = None) -> int:
    if not (_is_number(value) and float(value).is_integer() and value >= low and (high is None or value <= high)):
        wanted = f"a whole number from {low} to {high}" if high else f"a whole number of at least {low}"
        raise _field_error(path, field, value, wanted)
    return int(value)


def _fraction(path: Path, field: str, value) -> float:
    if not (_is_number(value) and 0 < value < 1):
        raise _field_error(path, field, value, "a number between 0 and 1")
    return float(value)


def _text(path: Path, field: str, value, choices: tuple[str, ...] | None = None) -> str:
    if not isinstance(value, str) or (choices and value not in choices):
        raise _field_error(path, field, value, f"one of {', '.join(choices)}" if choices else "text")
    return value


def _mapping(path: Path, field: str, value) -> dict:
    if not isinstance(value, dict):
        raise _field_error(path, field, value, "an object")
    return value


def check_profile(path: Path, recorded, whole: bool = True) -> dict:
    """``config.json``'s ``profile``, every field checked (``whole=False``: only those present)."""
    recorded = _mapping(path, "profile", recorded)
    hints = typing.get_type_hints(config.Profile)
    unknown = sorted(set(recorded) - set(hints))
    if unknown:
        raise _field_error(path, f"profile.{unknown[0]}", recorded[unknown[0]], "a profile field "
                           f"({', '.join(hints)})")
    checked = {}
    for name, value in recorded.items():
        field = f"profile.{name}"
        if name == "name":
            checked[name] = _text(path, field, value)
        elif name == "image_size":
            checked[name] = _whole(path, field, value, 1, MAX_IMAGE_SIZE)
        elif name == "seed":
            checked[name] = _whole(path, field, value, 0)
        elif hints[name] is float:
            checked[name] = _fraction(path, field, value)
        else:
            checked[name] = _whole(path, field, value, 1)
    if whole:
        missing = [f.name for f in dataclasses.fields(config.Profile)
                   if f.name not in checked and f.default is dataclasses.MISSING]
        if missing:
            raise RunError(f"{path}: field 'profile' lacks {', '.join(missing)}. {AGAIN}.")
    return checked


def read_config(run: Path, whole_profile: bool = True) -> tuple[dict, str]:
    """``config.json`` with every field dfkit reads checked, and the run's inputs (rgb or stack).

    ``whole_profile=False`` (predict, which uses only ``profile.image_size``) allows a partial profile.
    """
    path = Path(run) / CONFIG
    saved = read_json(path)
    arguments = _mapping(path, "arguments", saved.get("arguments", {}))
    if "profile" in saved or whole_profile:
        saved["profile"] = check_profile(path, saved.get("profile"), whole_profile)
    if saved.get("inputs"):
        inputs = _text(path, "inputs", saved["inputs"], tuple(INPUT_CHANNELS))
    else:
        inputs = _text(path, "arguments.inputs", arguments.get("inputs", "rgb"), tuple(INPUT_CHANNELS))
    _text(path, "arguments.split", arguments.get("split", "group"), SPLIT_STRATEGIES)
    _text(path, "dataset", saved.get("dataset", config.SYNTHETIC))
    for optional in ("data_root", "test_fingerprint"):
        if saved.get(optional) is not None:
            _text(path, optional, saved[optional])
    return saved, inputs


# --------------------------------------------------------------------------- splits.csv
def read_splits(run: Path):
    """``splits.csv`` (``file``, ``sha1``, ``split``) as text, or None for a run without one (older)."""
    import pandas as pd

    path = Path(run) / SPLITS
    if not path.is_file():
        return None
    try:
        splits = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise RunError(f"{path} cannot be read as a CSV table ({type(err).__name__}: "
                       f"{' '.join(str(err).split())[:120]}). {AGAIN}.") from err
    missing = [c for c in ("sha1", "split") if c not in splits.columns]
    if missing:
        raise RunError(f"{path} has no {' or '.join(repr(c) for c in missing)} column (columns: "
                       f"{', '.join(map(str, splits.columns))}): it is not the record dfkit writes. {AGAIN}.")
    return splits


# --------------------------------------------------------------------------- model.keras
def _not_a_model(path: Path, why: str) -> RunError:
    return RunError(f"{path} is not a valid Keras model (corrupt, or not saved by dfkit: {why}): "
                    "train the run again.")


def check_archive(path: Path) -> None:
    """Refuse a ``model.keras`` that is not a zip with Keras's members, or whose members' declared
    sizes (which bound what unpacking them yields) pass the limits: before Keras reads a byte."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise _not_a_model(path, f"not a zip archive, {type(err).__name__}: {err}") from err
    names = {m.filename for m in members}
    missing = [n for n in REQUIRED_MEMBERS if n not in names]
    if missing:
        raise _not_a_model(path, f"it has no {', '.join(missing)}")
    for member in members:
        if member.filename.endswith(".json") and member.file_size > MAX_JSON_MEMBER:
            raise _not_a_model(path, f"its {member.filename} unpacks to {member.file_size / 2**20:,.0f} "
                                     f"MiB, more than the {MAX_JSON_MEMBER // 2**20} MiB any model's "
                                     "description needs; refused unread")
    total = sum(m.file_size for m in members)
    if total > MAX_UNPACKED:
        raise _not_a_model(path, f"it unpacks to {total / 2**20:,.0f} MiB, more than the "
                                 f"{MAX_UNPACKED // 2**20} MiB limit; refused unread")


def check_model(model, source: str, inputs: str | None = None, image_size: int | None = None) -> None:
    """Refuse a model that does not output one probability per image, or whose input does not
    take the run's ``image_size`` and ``inputs`` channels."""
    out = model.output_shape
    if not (isinstance(out, tuple) and len(out) == 2 and out[1] == 1):
        raise RunError(f"{source} outputs shape {out}, not one probability per image (None, 1): "
                       f"it is not a fake/real detector saved by dfkit. {AGAIN}.")
    shape = model.input_shape
    if not (isinstance(shape, tuple) and len(shape) == 4):
        raise RunError(f"{source} takes inputs of shape {shape}, not a batch of images "
                       f"(None, size, size, channels). {AGAIN}.")
    if inputs is not None and shape[-1] != INPUT_CHANNELS[inputs]:
        raise RunError(f"{source} takes {shape[-1]} channels, but {CONFIG} says inputs {inputs!r} "
                       f"({INPUT_CHANNELS[inputs]}). {AGAIN}.")
    if image_size is not None and None not in shape[1:3] and tuple(shape[1:3]) != (image_size, image_size):
        raise RunError(f"{source} takes {shape[1]}x{shape[2]} images, but {CONFIG}'s profile.image_size "
                       f"is {image_size}. {AGAIN}.")


def load_model(path: Path, inputs: str | None = None, image_size: int | None = None):
    """``model.keras`` checked (:func:`check_archive`), loaded in Keras's safe mode (no Lambda
    layers, no code from the file) and checked against the run (:func:`check_model`)."""
    check_archive(path)
    import keras

    try:
        model = keras.models.load_model(path, safe_mode=True)
    except Exception as err:  # Keras raises ValueError, TypeError, KeyError, OSError... for bad files
        reason = " ".join(str(err).split()).split(". ")[0]  # Keras's first sentence says what it refused
        raise _not_a_model(path, f"{type(err).__name__}: {reason[:200]}") from err
    check_model(model, str(path), inputs, image_size)
    return model


def check_scores(p, source: str) -> np.ndarray:
    """``p`` as probabilities, or a refusal: a score outside [0, 1] (or NaN) is no probability."""
    p = np.asarray(p, dtype=float).ravel()
    bad = p[~((p >= 0) & (p <= 1))]
    if len(bad):
        raise RunError(f"{source} gave {len(bad)} score(s) outside [0, 1] (e.g. {bad[0]:.4g}): its "
                       f"output is not a probability (no sigmoid at the end?). {AGAIN}.")
    return p
