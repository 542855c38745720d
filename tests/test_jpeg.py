"""dfkit.data.jpeg: OpenCV's fast decode gives Pillow's pixels exactly, or steps aside for Pillow."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from dfkit.data import dataset as data
from dfkit.data import jpeg


def picture(h: int, w: int, seed: int) -> np.ndarray:
    """Smooth colour gradients plus noise: both the flat and the busy cases of a DCT."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w]
    base = np.stack([xx * 255 / w, yy * 255 / h, (xx + yy) * 127 / (h + w)], axis=-1)
    return np.clip(base + rng.normal(0, 25, (h, w, 3)), 0, 255).astype(np.uint8)


def jpeg_bytes(arr: np.ndarray, mode: str = "RGB", **save) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(arr).convert(mode).save(buf, format="JPEG", **save)
    return buf.getvalue()


def pillow(raw: bytes, size: int | None) -> np.ndarray:
    with Image.open(io.BytesIO(raw)) as img:
        if size:
            img.draft("RGB", (size, size))
        img.load()
        return data.to_rgb_array(img)[0]


CASES = [  # (height, width, target size, save options)
    (128, 128, 128, {"quality": 90}),
    (128, 128, 64, {"quality": 35, "subsampling": 0}),  # 4:4:4
    (224, 224, 128, {"quality": 75, "subsampling": 1}),  # 4:2:2, the DFDC crops' size
    (300, 260, 64, {"quality": 95, "progressive": True}),  # draft scale 4, not square
    (512, 512, 128, {"quality": 80, "optimize": True}),  # draft scale 4
    (1000, 1000, 64, {"quality": 60}),  # draft scale 8
    (257, 513, 128, {"quality": 70}),  # draft scale 2, odd sides
    (48, 40, 64, {"quality": 85}),  # smaller than the target: no scaling, resized up later
]


@pytest.mark.parametrize("h,w,size,save", CASES)
@pytest.mark.parametrize("mode", ["RGB", "L"])
def test_fast_decode_equals_pillow(h, w, size, save, mode):
    raw = jpeg_bytes(picture(h, w, seed=h + w), mode, **save)
    fast = jpeg.decode(raw, size)
    assert fast is not None, "a plain 8-bit JPEG must take the fast path"
    expected = pillow(raw, size)
    assert fast.shape == expected.shape and fast.dtype == np.uint8
    assert np.array_equal(fast, expected)
    assert np.array_equal(jpeg.decode(raw), pillow(raw, None))  # no size: full resolution


def test_exif_orientation_is_ignored_as_pillow_ignores_it():
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    raw = jpeg_bytes(picture(96, 160, 1), exif=exif.tobytes())
    fast = jpeg.decode(raw, 64)
    assert fast.shape == (96, 160, 3) and np.array_equal(fast, pillow(raw, 64))


def test_cmyk_truncated_and_other_formats_go_to_pillow(tmp_path):
    cmyk = jpeg_bytes(picture(64, 64, 2), "CMYK")
    assert jpeg.frame_header(cmyk)[3] == 4 and jpeg.decode(cmyk, 64) is None
    path = tmp_path / "cmyk.jpg"
    path.write_bytes(cmyk)
    assert data.load_image(path, 32).shape == (32, 32, 3)  # Pillow converts it

    whole = jpeg_bytes(picture(64, 64, 3))
    assert jpeg.decode(whole[: len(whole) // 2], 64) is None  # no end-of-image marker
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(data.DatasetError, match="cut.jpg"):
        data.load_image(cut, 32)

    buf = io.BytesIO()
    Image.fromarray(picture(40, 40, 4)).save(buf, format="PNG")
    assert jpeg.frame_header(buf.getvalue()) is None and jpeg.decode(buf.getvalue()) is None
    assert jpeg.frame_header(b"\xff\xd8\x00garbage") is None and jpeg.frame_header(b"") is None


def test_draft_scale_matches_pillows_choice():
    cases = [((100, 60), 128), ((128, 128), 128), ((255, 400), 128), ((256, 256), 128), ((1024, 700), 128),
             ((2000, 2000), 64)]
    for (w, h), size in cases:
        img = Image.open(io.BytesIO(jpeg_bytes(picture(h, w, 5))))
        img.draft("RGB", (size, size))
        assert img.size == tuple(-(-side // jpeg.draft_scale(w, h, size)) for side in (w, h))
