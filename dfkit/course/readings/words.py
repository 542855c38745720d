"""Small pieces of wording the chapters' readings share."""

from __future__ import annotations

from collections.abc import Sequence


def listing(items: Sequence[str], conjunction: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c`` (``conjunction="or"``: ``a, b or c``)."""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def clause_list(lead: str, clauses: Sequence[str]) -> str:
    """A lead sentence continued by a Markdown list of clauses, one sentence in all: items
    end in ``;``, the last in ``.`` (give each clause without its final mark)."""
    if not clauses:
        return lead
    return lead + "\n\n" + ";\n".join(f"- {c}" for c in clauses) + "."


def sentence_list(sentences: Sequence[str]) -> str:
    """The non-empty sentences as a Markdown list, one item each, with the blank line after
    it that keeps ``report.say``'s line breaks."""
    return "\n".join(f"- {one}" for one in sentences if one) + "\n\n"
