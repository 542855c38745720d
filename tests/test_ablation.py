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


def test_verdict_judges_the_gap_against_twice_the_seed_spread():
    import pandas as pd

    from dfkit import ablation

    assert ablation.verdict(pd.Series([0.80, 0.81, 0.80]), pd.Series([0.90, 0.91, 0.905])) == "helps"
    assert ablation.verdict(pd.Series([0.90, 0.91, 0.905]), pd.Series([0.80, 0.81, 0.80])) == "hurts"
    assert ablation.verdict(pd.Series([0.80, 0.86, 0.83]), pd.Series([0.84, 0.79, 0.88])) == "no evidence"
    # the sample standard deviation (ddof=1): with ddof=0 this gap would count as "helps"
    assert ablation.verdict(pd.Series([0.70, 0.72, 0.71]), pd.Series([0.727, 0.728, 0.729])) == "no evidence"


def test_recorded_dfdc_runs_load_and_give_the_readme_verdicts():
    import pytest

    from dfkit import ablation

    runs = ablation.recorded_runs("dfdc_gpu")
    assert len(runs) == 30 and set(runs["model"]) == {"cnn", "resnet"}
    table = ablation.summarise(runs)
    assert table.loc[("cnn", "rgb"), ("roc_auc", "mean")] == pytest.approx(0.682, abs=5e-4)  # README table
    assert [ablation.fusion_verdict(runs, m) for m in ("cnn", "resnet")] == ["no evidence", "no evidence"]
    with pytest.raises(ValueError, match="no runs"):
        ablation.fusion_verdict(runs, "cnn", "rgb+fft")
    with pytest.raises(ValueError, match="unknown record"):
        ablation.recorded_runs("nope")
