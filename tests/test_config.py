"""dfkit.config and dfkit.course: the two switches and what every chapter starts with."""

from __future__ import annotations

import pytest

from dfkit import config, course


def test_profiles_and_switch(monkeypatch):
    monkeypatch.delenv(config.PROFILE_ENV, raising=False)
    assert config.get_profile().name == "laptop"
    paper = config.get_profile("paper")
    assert (paper.n_images, paper.image_size, paper.epochs, paper.tuner_trials) == (8000, 128, 20, 5)
    monkeypatch.setenv(config.PROFILE_ENV, "CI")
    assert config.get_profile().name == "ci"
    assert config.get_profile(epochs=1).epochs == 1
    monkeypatch.setenv(config.PROFILE_ENV, "huge")
    with pytest.raises(ValueError, match="ci, laptop, paper"):
        config.get_profile()


def test_data_switch_and_description(monkeypatch, tmp_path):
    monkeypatch.delenv(config.DATA_ENV, raising=False)
    assert config.data_source() == "synthetic"
    assert "embedded synthetic" in config.describe(config.get_profile("ci"))
    monkeypatch.setenv(config.DATA_ENV, str(tmp_path))
    assert config.data_source() == str(tmp_path)
    assert str(tmp_path) in config.describe(config.get_profile("ci"))


def test_prepare_on_synthetic_data(monkeypatch, tmp_path, capsys):
    monkeypatch.delenv(config.DATA_ENV, raising=False)
    monkeypatch.setenv(config.CACHE_ENV, str(tmp_path))
    d = course.prepare("ci")
    out = capsys.readouterr().out
    assert "profile 'ci'" in out and "synthetic" in out
    assert len(d.manifest) == 320 and d.manifest["y"].sum() == 160
    assert len(d.train) + len(d.val) + len(d.test) == 320
    assert not set(d.train["group"]) & set(d.test["group"])
    again = course.prepare("ci", verbose=False)
    assert again.test["file"].tolist() == d.test["file"].tolist()


def test_prepare_on_a_folder(monkeypatch, make_dataset):
    root = make_dataset(20)
    monkeypatch.setenv(config.DATA_ENV, str(root))
    d = course.prepare(config.get_profile("ci", n_images=40), verbose=False)
    assert d.source == "folder" and len(d.manifest) == 40
