"""Does dfkit's NumPy port of OpenCV's Haar detector find the boxes OpenCV 4's own detector finds?

OpenCV 5's wheels dropped ``cv2.CascadeClassifier`` and its cascade files; dfkit then runs
:class:`dfkit.inference.faces.HaarCascade` on the same XML (``dfkit/assets``). This script runs both
on the same grey photos: OpenCV 4's ``detectMultiScale`` in an environment that has it (the Colab
emulation ``.venv-colab`` that tests/test_colab.py builds, OpenCV 4.13), the port in this one, and
prints how many photos got identical box lists.

    python benchmarks/faces_port_vs_opencv4.py [--dfdc FOLDER] [--n 200] [--opencv4-python .venv-colab/bin/python]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

from dfkit.inference import faces

REFERENCE = """
import json, sys, cv2, numpy as np
photos = np.load(sys.argv[1])
c = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_frontalface_default.xml")
print(cv2.__version__)
print(json.dumps({k: sorted([list(map(int, r)) for r in c.detectMultiScale(photos[k], 1.1, 3, minSize=(24, 24))])
                  for k in photos.files}))
"""


def dfdc_photos(folder: Path, n: int, side: int = 256) -> dict[str, np.ndarray]:
    """``n`` DFDC face crops (half real, half fake), grey, enlarged to ``side`` px inside a grey frame
    twice their size: a face that fills the whole crop is larger than the detector's window."""
    out = {}
    for label in ("real", "deepfake"):
        for path in sorted((folder / label).glob("*.jpg"))[: n // 2]:
            face = np.asarray(Image.open(path).convert("L").resize((side // 2, side // 2), Image.BILINEAR))
            canvas = np.full((side, side), 128, np.uint8)
            canvas[side // 4: side // 4 + side // 2, side // 4: side // 4 + side // 2] = face
            out[f"{label}_{path.stem}"] = canvas
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dfdc", type=Path, default=Path(__file__).resolve().parents[2] / "shared/data/dfdc-faces")
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--opencv4-python", default=str(Path(__file__).resolve().parents[1] / ".venv-colab/bin/python"))
    args = parser.parse_args()
    photos = dfdc_photos(args.dfdc, args.n)
    with tempfile.TemporaryDirectory() as tmp:
        np.savez(Path(tmp) / "photos.npz", **photos)
        res = subprocess.run([args.opencv4_python, "-c", REFERENCE, str(Path(tmp) / "photos.npz")],
                             capture_output=True, text=True, check=True)
    version, boxes = res.stdout.splitlines()[0], json.loads(res.stdout.splitlines()[1])
    port = faces.HaarCascade()
    start, same, found, diffs = time.perf_counter(), 0, 0, []
    for name, gray in photos.items():
        ours = sorted([list(r) for r in port.detect(gray, 1.1, 3, (24, 24))])
        same += ours == boxes[name]
        found += bool(boxes[name])
        if ours != boxes[name]:
            diffs.append((name, ours, boxes[name]))
    print(f"OpenCV {version} vs dfkit's port, {len(photos)} DFDC crops ({args.dfdc}), scale 1.1, "
          f"3 neighbours, min 24 px: OpenCV found a face in {found}")
    for d in diffs[:10]:
        print("  differs:", d)
    print(f"port seconds per photo: {(time.perf_counter() - start) / len(photos):.2f}")
    print(f"identical_box_lists: {same}/{len(photos)}")
    sys.exit(0 if same == len(photos) else 1)


if __name__ == "__main__":
    main()
