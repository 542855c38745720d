"""Chapter 00's sentences: what the first look at the faces shows, and what it does not."""

from __future__ import annotations


def pairing_reading(same: int, columns: int = 5) -> str:
    """How the two random rows of the sample grid pair up: in how many columns the real face
    and the fake share a group (their people's looks), and that no fake is made from the real
    face above it."""
    if same:
        pairing = (f"in {same} of the {columns} columns the two faces share a group (the two "
                   "draws use the same seed on lists laid out alike), so they share their "
                   "people's looks (hair, skin) and can look alike. Even so, a fake is not "
                   "made from the image above it")
    else:
        pairing = ("no column holds two faces of one group, and a fake is not made from "
                   "any real face")
    return (f"The rows are two separate random draws, one per class; {pairing}: the "
            "generator draws every image anew, with its own pose, light and "
            "nuisances, and a `faceswap` fake pastes the *partner's* inner face onto "
            "its person.")
