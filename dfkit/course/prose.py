"""The prose-number rule: a number typed into a chapter's text must name where it comes from.

A number with a decimal point or a percent sign (``0.68``, ``87%``, ``46 %``) in a chapter's
markdown is allowed only inside a ``{glue:...}`` role (the run's own value), in inline code
(```0.5```, a constant) or in a sentence that names its source: the paper, a Table or Fig,
``benchmarks/README``, something "recorded", the literature, or a year (20NN).
Plain integers (8,000 images, 6 channels, 3×3) are allowed. ``tests/test_prose_numbers.py``
applies it to every chapter.
"""

from __future__ import annotations

import re

NUMBER = re.compile(r"(?<![\w.])\d*\.\d+(?!\w|\.\d)|\d+(?:\.\d+)?\s?%")
SOURCE = re.compile(r"paper|benchmarks/README|recorded|literature|\b20\d\d\b", re.IGNORECASE)
PAPER_PART = re.compile(r"\bTable\b|\bFig")  # the paper's Table I, Fig 14 (not "the table above")
_STRIP = [
    re.compile(r"```.*?```", re.DOTALL),  # code fences
    re.compile(r"<!--.*?-->", re.DOTALL),  # comments
    re.compile(r"\{glue(?::\w+)?\}`[^`]*`"),  # the run's own values
    re.compile(r"\{(?:term|doc|ref|numref|eq|cite)\}`[^`]*`"),  # cross-references
    re.compile(r"``[^`]*``|`[^`]*`"),  # inline code
    re.compile(r"\]\([^)]*\)"),  # link targets
    re.compile(r"https?://\S+"),  # bare URLs
]
_UNIT_START = re.compile(r"^\s*(?:[-*+]\s|\d+\.\s|#|>)")
_SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+(?=[A-Z(*_\"'])")


def _names_a_source(sentence: str) -> bool:
    return bool(SOURCE.search(sentence) or PAPER_PART.search(sentence))


def sentences(markdown: str) -> list[str]:
    """The markdown's sentences, with code, glue roles, references and links removed.

    A list item, heading or quote line starts a new unit; a blank line ends one. A table is one
    unit together with the sentence just above it (its caption), so a table of the paper's
    figures is sourced by its header or its caption."""
    text = markdown
    for pattern in _STRIP:
        text = pattern.sub(" ", text)
    units: list[str] = []
    current: list[str] = []
    table: list[str] = []

    def flush() -> None:
        if current:
            units.append(" ".join(current))
            current.clear()

    for line in text.splitlines() + [""]:
        stripped = line.strip()
        if stripped.startswith("|"):
            table.append(stripped)
            continue
        if table:
            flush()
            caption = _SENTENCE_END.split(units[-1])[-1] if units else ""
            units.append(" ".join([caption, *table]))
            table = []
        if not stripped or _UNIT_START.match(line):
            flush()
        if stripped:
            current.append(stripped)
    flush()
    found = []
    for unit in units:
        found += [s.strip() for s in _SENTENCE_END.split(unit) if s.strip()]
    return found


def typed_numbers(markdown: str) -> list[tuple[str, str]]:
    """(number, sentence) for every number the rule refuses in ``markdown``."""
    bad = []
    for sentence in sentences(markdown):
        numbers = NUMBER.findall(sentence)
        if numbers and not _names_a_source(sentence):
            bad += [(n, sentence) for n in numbers]
    return bad
