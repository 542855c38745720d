"""Each worker or host reads its own shard of a manifest: together the shards hold every image once.

Rows are dealt out per class, in turn (row ``i`` of a class goes to shard ``i mod count``), so every
shard keeps the manifest's class balance to within one image and no image is read twice per epoch.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dfkit.exceptions import DatasetError

__all__ = ["shard"]


def shard(frame: pd.DataFrame, index: int, count: int, label: str = "y") -> pd.DataFrame:
    """Shard ``index`` of ``count`` of ``frame`` (a manifest with a ``label`` column), order kept."""
    if count < 1 or not 0 <= index < count:
        raise DatasetError(f"Shard {index} of {count} does not exist: use a shard index from 0 to count - 1 "
                           "(e.g. the process id of this host and the number of hosts).")
    rank = frame.groupby(label, sort=False).cumcount().to_numpy() if label in frame else np.arange(len(frame))
    return frame[rank % count == index]
