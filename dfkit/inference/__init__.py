"""Inference: a trained run applied to new photos (``predict``), with face finding (``faces``)."""
