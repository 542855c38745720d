"""readings.ch00 on made-up numbers: each branch of the pairing sentence."""

from __future__ import annotations

from dfkit.course.readings import ch00


def test_pairing_when_columns_share_a_group():
    said = ch00.pairing_reading(2, columns=5)
    assert "in 2 of the 5 columns the two faces share a group" in said
    assert "Even so, a fake is not made from the image above it" in said
    assert "no column holds" not in said
    assert said.startswith("The rows are two separate random draws")


def test_pairing_when_no_column_shares_a_group():
    said = ch00.pairing_reading(0, columns=5)
    assert "no column holds two faces of one group" in said
    assert "share a group (" not in said
    assert said.endswith("onto its person.")
