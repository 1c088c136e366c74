"""Block-level junk: donation and subscription appeals.

An appeal is a run of ordinary-looking sentences ("We need your help ..."), so it is found
as a block: it opens at a header line ("A message from <outlet>:", "Dear readers,") and runs
while each next line keeps sounding like an appeal (appeal wording, a widget button, or
-- within one paragraph -- first/second-person pronouns), bounded in lines and characters.
A header with nothing appeal-like after it removes nothing.
"""

from __future__ import annotations

from .junk import AppealConfig, JunkRules, LineRule
from .lines import Line

_HEADER_MAX_WORDS = 12


def _is_header(line: Line, cfg: AppealConfig) -> bool:
    return line.word_count <= _HEADER_MAX_WORDS and any(h.search(line.text) for h in cfg.headers)


def _is_widget(line: Line, widget_rules: tuple[LineRule, ...]) -> bool:
    return any(rule.matches(line) for rule in widget_rules)


def _block_end(
    lines: list[Line], start: int, cfg: AppealConfig, widget_rules: tuple[LineRule, ...]
) -> tuple[int, bool]:
    """Index of the last line of the block opened at ``start``, and whether the block
    holds any appeal evidence beyond its header."""
    end = start
    evidence = False
    chars = len(lines[start].text)
    for j in range(start + 1, min(len(lines), start + 1 + cfg.max_lines)):
        line = lines[j]
        chars += len(line.text)
        if chars > cfg.max_chars:
            break
        if line.reason is not None or _is_header(line, cfg):
            end = j
            continue
        if _is_widget(line, widget_rules) or any(c.search(line.text) for c in cfg.cues):
            end, evidence = j, True
            continue
        if not line.blank_before and cfg.pronouns.search(line.text):
            end = j
            continue
        break
    # Trailing lines removed for other reasons stay with their own reason.
    while end > start and lines[end].reason is not None:
        end -= 1
    return end, evidence


def mark_appeal_blocks(lines: list[Line], rules: JunkRules) -> None:
    """Mark every line of every appeal block: reason "widget" for payment-widget lines,
    "appeal" for the rest. Lines already removed keep their reason."""
    cfg = rules.appeal
    widget_rules = rules.by_reason("widget")
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.reason is None and _is_header(line, cfg):
            end, evidence = _block_end(lines, i, cfg, widget_rules)
            if evidence:
                for member in lines[i : end + 1]:
                    if member.reason is None:
                        member.reason = "widget" if _is_widget(member, widget_rules) else "appeal"
                i = end + 1
                continue
        i += 1
