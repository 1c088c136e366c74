"""Lines of a text, the unit that cleaning classifies, and how they are put back together."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Removed

# A line "ends like a sentence" when its last visible character is . ! ? or an ellipsis,
# optionally followed by closing quotes or brackets: body paragraphs do, captions,
# credits, menus and buttons do not.
_SENTENCE_END = re.compile(r"""[.!?…]["'”’»)\]]*$""")
_WORD = re.compile(r"\w+(?:[’'\-.]\w+)*")
# Characters stripped around a line before phrase matching: punctuation, bullets, arrows.
_EDGE = " \t.,:;!?…|»«›‹>•·*–—-_/\\()[]\"'“”‘’"
_SPACE = re.compile(r"\s+")
# Lines longer than this are never treated as junk by pattern rules (a pathological input
# cannot make the regexes slow) and are cut for word counting.
MAX_LINE_CHARS = 20_000


def normalise(text: str) -> str:
    """The form in which whole-line phrases are compared: lower case, single spaces, no
    punctuation or bullets around it."""
    return _SPACE.sub(" ", text.lower()).strip(_EDGE)


@dataclass(slots=True)
class Line:
    """One non-blank line of the input text."""

    index: int
    text: str  # stripped
    blank_before: bool  # a blank line separated it from the previous line
    reason: str | None = None  # set when the line is removed
    # Pieces cut out of a kept line (junk sentences inside a long paragraph, see
    # newstally.clean.sentences); they go to the removed list after the line's text.
    cuts: list[Removed] = field(default_factory=list)
    norm: str = field(init=False)
    words: list[str] = field(init=False)
    ends_sentence: bool = field(init=False)

    def __post_init__(self) -> None:
        self._measure()

    def replace_text(self, text: str) -> None:
        """Set the line's text (after pieces were cut out of it) and re-measure it."""
        self.text = text
        self._measure()

    def _measure(self) -> None:
        head = self.text[:MAX_LINE_CHARS]
        self.norm = normalise(head)
        self.words = _WORD.findall(head)
        self.ends_sentence = bool(_SENTENCE_END.search(head))

    @property
    def word_count(self) -> int:
        return len(self.words)

    @property
    def kept(self) -> bool:
        return self.reason is None


def split_lines(text: str) -> list[Line]:
    """The non-blank lines of ``text`` (stripped), each remembering a blank line before it."""
    lines: list[Line] = []
    blank = False
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stripped = raw.strip()
        if not stripped:
            blank = True
            continue
        lines.append(Line(len(lines), stripped, blank_before=blank and bool(lines)))
        blank = False
    return lines


def assemble(lines: list[Line]) -> tuple[str, list[Removed]]:
    """Kept lines joined back into text, plus the removed lines in text order.

    Kept lines that were adjacent stay on adjacent lines; a blank line or removed lines
    between two kept lines become one blank line (a paragraph break).
    """
    parts: list[str] = []
    removed: list[Removed] = []
    gap = False
    for line in lines:
        if line.reason is not None:
            removed.append(Removed(line.text, line.reason))
            gap = True
            continue
        if parts:
            parts.append("\n\n" if gap or line.blank_before else "\n")
        parts.append(line.text)
        removed.extend(line.cuts)
        gap = False
    return "".join(parts), removed


def neighbour(lines: list[Line], i: int, step: int) -> Line | None:
    """The nearest kept line before (step -1) or after (step 1) line ``i``."""
    j = i + step
    while 0 <= j < len(lines):
        if lines[j].reason is None:
            return lines[j]
        j += step
    return None
