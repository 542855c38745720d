"""Reading one image file that nobody vetted: regular files only, and a cap on its pixels.

Two ways a single file could stop a whole scan or ``predict``:

* a FIFO (or socket, device) named ``photo.jpg`` blocks the reader forever: :func:`read_regular`
  opens without blocking and refuses anything but a regular file, before reading a byte;
* a *decompression bomb*, e.g. a 200 KB PNG declaring 20000 x 10000 pixels of zeros, takes
  gigabytes once decoded. Pillow warns above ``Image.MAX_IMAGE_PIXELS`` (89 Mpx) and refuses
  above twice that with ``DecompressionBombError``, which is neither an ``OSError`` nor a
  ``ValueError``, so callers catching those crashed. :func:`open_image` reads the declared size
  from the header (Pillow's ``Image.open`` is lazy) and refuses more than :data:`MAX_PIXELS`
  with :class:`TooManyPixels` (a ``ValueError``) before decoding anything.

``MAX_PIXELS`` is 64 Mpx: every photo a face detector needs, and more. The 48-50 MP photos of
current phones (8160 x 6144 = 50.1 Mpx) and 61 MP full-frame cameras (9504 x 6336) pass; a
108 or 200 MP phone mode does not (downscale it first). Decoded as RGB, 64 Mpx is 192 MB, so a
photo and its copies (greyscale, conversions) stay well under a gigabyte, even on Colab.
"""

from __future__ import annotations

import io
import os
import re
import stat
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from PIL import Image

__all__ = ["MAX_PIXELS", "TooManyPixels", "NotARegularFile", "read_regular", "open_image"]

MAX_PIXELS = 64_000_000


class TooManyPixels(ValueError):
    """The image declares more pixels than :data:`MAX_PIXELS`: refused before it is decoded."""


class NotARegularFile(OSError):
    """A FIFO, socket or device where a file was expected: refused without reading (it could block)."""


_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISDIR, "a folder"))


def read_regular(path: str | os.PathLike, limit: int = -1) -> bytes:
    """The bytes of ``path`` (at most ``limit``), refusing anything but a regular file unread.

    Opened non-blocking, so a FIFO is not waited on; raises :class:`NotARegularFile` for it.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
            raise NotARegularFile(f"{kind}, not a regular file: not opened")
        with os.fdopen(fd, "rb", closefd=False) as f:
            return f.read(limit)
    finally:
        os.close(fd)


def too_many(width: int, height: int) -> str:
    """Why an image of ``width`` x ``height`` is refused, with the limit."""
    return (f"too many pixels ({width} x {height} = {width * height:,}; the limit is {MAX_PIXELS:,}, "
            "dfkit.data.image_file.MAX_PIXELS): downscale it first")


@contextmanager
def open_image(raw: bytes) -> Iterator[Image.Image]:
    """Pillow's lazy ``Image.open`` of ``raw``, refused with :class:`TooManyPixels` (before any
    decoding) when it declares more than :data:`MAX_PIXELS`."""
    try:
        with warnings.catch_warnings():  # Pillow's warning (over 89 Mpx): refused below anyway
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(raw))
    except Image.DecompressionBombError as exc:  # beyond Pillow's own hard limit (178 Mpx)
        declared = re.search(r"\((\d+) pixels\)", str(exc))
        count = f"{int(declared[1]):,}" if declared else "over twice Pillow's Image.MAX_IMAGE_PIXELS"
        raise TooManyPixels(f"too many pixels ({count}; the limit is {MAX_PIXELS:,}, "
                            "dfkit.data.image_file.MAX_PIXELS): downscale it first") from exc
    with img:
        if img.width * img.height > MAX_PIXELS:
            raise TooManyPixels(too_many(img.width, img.height))
        yield img
