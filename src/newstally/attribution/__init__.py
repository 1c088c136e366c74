"""Attribution: who said what (issue 6).

One component serves both the statements output (`find_statements`,
`statements_for_article`) and the figures stage (`source_for`, `source_kind`):

- `find_statements(ctx, article_id)`: every attribution of an article (direct quotes
  with the cue before or after, indirect speech, "according to", quotes running over
  several sentences or paragraphs), with spans into ``ctx.text``;
- `source_for(ctx, sent_index, token_index)`: who gives the claim that contains a token
  (e.g. a casualty number), or ``None`` when the article states it in its own voice;
- `source_kind(name)`: official, media, organisation, person or unnamed.

Cue verbs, prepositional cues and the kind lexicons live in ``data/attribution.toml``.
"""

from __future__ import annotations

from ..model import Source, Statement
from .kinds import source_kind
from .statements import (
    find_statements,
    source_for,
    statement_sentences,
    statements_for_article,
)

__all__ = [
    "Source",
    "Statement",
    "find_statements",
    "source_for",
    "source_kind",
    "statement_sentences",
    "statements_for_article",
]
