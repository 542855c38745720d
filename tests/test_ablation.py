"""dfkit.ablation.stack_cache: the stack computed once serves every channel subset, exactly."""

from __future__ import annotations

import numpy as np
import pytest

from dfkit import ablation, data, features


def test_stack_cache_serves_channel_subsets_equal_to_the_streamed_ones(synthetic_root):
    manifest = data.scan(synthetic_root, verbose=False)[0].iloc[:40].reset_index(drop=True)
    cache = ablation.stack_cache(manifest, 32)
    part = manifest.iloc[[5, 1, 30]]
    for channels in (ablation.CHANNEL_SETS["rgb"], ablation.CHANNEL_SETS["rgb+lbp"]):
        x, y = cache.batches(part, 8, shuffle=False, seed=0, channels=channels)[0]
        streamed = ablation.ChannelSubset(channels)(data.load_batch(part["path"].tolist(), 32))
        assert x.shape == (3, 32, 32, len(channels)) and np.array_equal(x, streamed)
        assert y.tolist() == part["y"].tolist()
    full = features.feature_stack(data.load_batch(manifest["path"].tolist(), 32))
    assert np.array_equal(cache.inputs, full)


def test_stack_cache_refuses_images_it_does_not_hold(synthetic_root):
    manifest = data.scan(synthetic_root, verbose=False)[0]
    cache = ablation.stack_cache(manifest.iloc[:10], 32)
    with pytest.raises(ValueError, match="not in the InputCache"):
        cache.batches(manifest.iloc[8:12], 4)
