"""Junk inside long lines: paywall and sign-up wording glued into a paragraph.

Line rules only look at lines of at most ``max_chars`` characters (300 by default): a
longer line is a paragraph, and a whole paragraph must not go for a phrase inside it. But
some sources flatten an article to one line (every paragraph, the headline and the
paywall form joined by spaces), so a subscription block that would be its own lines
elsewhere sits inside the body line. Here every kept line longer than
``[sentences].min_line_chars`` (0 in the table: every kept line, short paywall lines
included) is read sentence by sentence (the cheap splitter of
`newstally.nlp`), and each ``[[sentence_rule]]`` of ``data/junk.toml`` cuts either the
sentence from its match to the sentence's end (the junk glued after a headline stays
out, the headline stays in) or only the matched words. The cut pieces are kept in
``Line.cuts`` and end up in ``Article.removed`` like removed lines.
"""

from __future__ import annotations

from ..model import Removed
from ..nlp import split_sentences
from .junk import JunkRules
from .lines import Line


def cut_junk_sentences(lines: list[Line], rules: JunkRules) -> None:
    """Cut junk sentences out of every kept line longer than the sentence threshold, in
    place. A line left with no words is removed whole, with the first cut's reason."""
    if not rules.sentence_rules:
        return
    for line in lines:
        if line.reason is None and len(line.text) > rules.sentence_min_chars:
            _cut_line(line, rules)


def _cut_line(line: Line, rules: JunkRules) -> None:
    text = line.text
    pieces: list[tuple[int, int, str]] = []  # (start, end, reason) of text to cut
    for start, end in split_sentences(text):
        sentence = text[start:end]
        for rule in rules.sentence_rules:
            m = rule.regex.search(sentence)
            if m is None:
                continue
            a = m.start()
            # Cut from the match to the sentence's end, or just the matched words.
            b = m.end() if rule.cut == "match" else len(sentence)
            pieces.append((start + a, start + b, rule.reason))
            break
    if not pieces:
        return
    kept: list[str] = []
    cuts: list[Removed] = []
    pos = 0
    for a, b, reason in pieces:
        kept.append(text[pos:a])
        cuts.append(Removed(text[a:b].strip(), reason))
        pos = b
    kept.append(text[pos:])
    rest = " ".join(" ".join(part.split()) for part in kept if part.strip())
    if not any(ch.isalpha() for ch in rest):
        line.reason = pieces[0][2]  # nothing but junk: the whole line goes
        return
    line.replace_text(rest)
    line.cuts.extend(cuts)
