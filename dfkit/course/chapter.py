"""One call that every chapter starts with: the configured dataset, scanned, subset and split.

``prepare()`` reads the two switches (profile and dataset), generates the synthetic faces on
first use, lists the folder, draws the profile's balanced subset and decodes only that (reporting
every skipped or converted file; what was decoded is cached, so a second call decodes nothing),
and makes leak-free train / validation / test splits.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dfkit import config
from dfkit.data import dataset as data
from dfkit.data import synthetic

__all__ = ["CourseData", "dataset_root", "prepare"]

@dataclass
class CourseData:
    """What a chapter works on: the profile, where the data lives, the manifest and its splits."""

    profile: config.Profile
    root: Path
    source: str
    manifest: pd.DataFrame  # the balanced subset
    splits: data.Splits
    report: data.ScanReport

    @property
    def train(self) -> pd.DataFrame:
        return self.splits.train

    @property
    def val(self) -> pd.DataFrame:
        return self.splits.val

    @property
    def test(self) -> pd.DataFrame:
        return self.splits.test

    def __repr__(self) -> str:
        # the generated set's folder by name (its place is the course cache's, not the reader's)
        where = self.root.name if self.source == "synthetic" else self.root
        return (f"CourseData({self.source}: {len(self.manifest)} images in {where}, "
                f"{self.splits.strategy} split {len(self.train)}/{len(self.val)}/{len(self.test)})")


def dataset_root(profile: config.Profile, progress: bool = True) -> tuple[Path, str]:
    """The folder of the configured dataset, generating the synthetic one if needed."""
    source = config.data_source()
    if source == config.SYNTHETIC:
        # drawn at the profile's own resolution: resizing a 128-px set down would average away
        # exactly the fine artefacts (skin texture, up-sampling patterns) a detector must find
        spec = synthetic.SyntheticSpec(n_images=profile.n_images, size=max(profile.image_size, 32), seed=profile.seed)
        return synthetic.ensure_dataset(spec, progress=progress), "synthetic"
    return Path(source).expanduser(), "folder"


def prepare(profile: config.Profile | str | None = None, strategy: str = "group",
            verbose: bool = True) -> CourseData:
    """Load the configured dataset as the course uses it; prints the profile and dataset used."""
    if not isinstance(profile, config.Profile):
        profile = config.get_profile(profile)
    if verbose:
        print(config.describe(profile))
    root, source = dataset_root(profile, progress=verbose)
    cache = config.cache_dir() / "scans"
    subset, report = data.scan_subset(root, profile.n_images, seed=profile.seed, verbose=verbose, cache=cache)
    try:
        splits = data.make_splits(subset, strategy=strategy, test=profile.test_fraction,
                                  val=profile.val_fraction, seed=profile.seed, cache=cache)
    except data.DatasetError as err:  # name the folder: the split alone does not know it
        raise data.DatasetError(f"{root} ({profile.name} profile): {err}") from err
    result = CourseData(profile, root, source, subset, splits, report)
    if verbose:
        print(result)
    return result
