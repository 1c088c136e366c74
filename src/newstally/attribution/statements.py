"""Statements of an article and the source of a single claim."""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from ..model import Article, Source, SpeakerRef, Statement, TextRef
from ..nlp import ArticleContext
from .claims import Claim, Entry, leading_cue
from .lexicon import lexicon
from .quotes import QUOTE_TOKENS, article_quotes
from .resolve import Speaker, claims_of, has_cue, speaker_of, state
from .tagger import combine

if TYPE_CHECKING:
    from spacy.language import Language


def _sentence_of(ctx: ArticleContext, char: int) -> int | None:
    """The sentence containing ``char``, or the last one starting before it."""
    i = bisect_right(ctx.sentences, (char, len(ctx.text) + 1)) - 1
    return i if i >= 0 else None


def _quote_claim(ctx: ArticleContext, quote: tuple[int, int]) -> tuple[int, Claim] | None:
    """The claim that a quote belongs to: a cue in the sentence where it closes (cue
    after: '"...," she said') or where it opens (cue before: 'She said: "...').
    """
    first = _sentence_of(ctx, quote[0])
    last = _sentence_of(ctx, quote[1] - 1)
    if first is None or last is None:
        return None
    for sent in dict.fromkeys((last, first)):
        offset = ctx.offset(sent)
        for claim in claims_of(ctx, sent):
            doc = ctx.doc(sent)
            cue_start = offset + doc[claim.cue[0]].idx
            if quote[0] <= cue_start < quote[1]:
                continue  # a cue inside the quote is the quoted speaker's own
            a, b = ctx.char_span(sent, *claim.content)
            if a < quote[1] and quote[0] < b:
                return sent, claim
    return None


def _cue_in_next_sentence(ctx: ArticleContext, quote: tuple[int, int]) -> tuple[int, Claim] | None:
    """'"Who is to blame?" Smith said.' split after the question mark: the cue opens
    the next sentence of the same paragraph."""
    last = _sentence_of(ctx, quote[1] - 1)
    if last is None or last + 1 >= len(ctx.sentences):
        return None
    if ctx.sentences[last][1] != quote[1]:
        return None  # the quote does not end its sentence
    nxt = last + 1
    if "\n" in ctx.text[quote[1] : ctx.sentences[nxt][0]]:
        return None
    if lexicon().surface.search(ctx.sentence_text(nxt)[:80]) is None:
        return None
    claim = leading_cue(ctx.doc(nxt))
    return (nxt, claim) if claim is not None else None


def _tied_claim(ctx: ArticleContext, quote: tuple[int, int]) -> tuple[int, Claim] | None:
    """The claim a quote is tied to by a cue: in a sentence it opens or closes in
    (`_quote_claim`), or opening the next one (`_cue_in_next_sentence`)."""
    return _quote_claim(ctx, quote) or _cue_in_next_sentence(ctx, quote)


def _statement(
    ctx: ArticleContext,
    article_id: str,
    sent: int,
    claim: Claim,
    content: tuple[int, int],
) -> Statement:
    sp = speaker_of(ctx, sent, claim)
    cue_span = ctx.char_span(sent, *claim.cue)
    return Statement(
        article=article_id,
        source=SpeakerRef(text=sp.written, resolved=sp.resolved, kind=sp.kind, span=sp.span),
        cue=TextRef(text=ctx.text[cue_span[0] : cue_span[1]], span=cue_span),
        content=TextRef(text=ctx.text[content[0] : content[1]], span=content),
    )


def find_statements(ctx: ArticleContext, article_id: str) -> list[Statement]:
    """Every attribution in the article, in text order; spans index ``ctx.text``.

    The rules (`rule_entries`) find the claims; the learned tagger (`tagger.combine`)
    then adds the contents it finds that no rule claim covers, in the sentences that
    are parsed (without its model file, the rules alone). A quote that goes on after
    its cue ('"...," she said. "..."') is a statement of its own with the same speaker
    and cue (`with_continued_quotes`)."""
    # Every sentence with a cue word, a quote mark or a "Name:" lead is parsed (for its
    # claims, `claims_of`); parse them in one batch rather than one call each.
    ctx.prefetch(statement_sentences(ctx))
    entries = with_continued_quotes(ctx, combine(ctx, rule_entries(ctx)))
    order = sorted(range(len(entries)), key=lambda k: entries[k][2])
    return [_statement(ctx, article_id, *entries[k]) for k in order]


def statement_sentences(ctx: ArticleContext) -> list[int]:
    """The sentences that can hold a statement (the ones `claims_of` parses): a cue word
    of the attribution lexicon ("said", "according to"), a quote mark or a "Name:" lead.
    The others are never parsed for their own claims."""
    return [i for i in range(len(ctx.sentences)) if has_cue(ctx, i)]


def rule_entries(ctx: ArticleContext) -> list[Entry]:
    """The attributions the rules find: (sentence, claim, content character span)."""
    found: dict[tuple[int, int], Entry] = {}
    quotes = article_quotes(ctx)
    for sent in range(len(ctx.sentences)):
        for claim in claims_of(ctx, sent):
            content = ctx.char_span(sent, *claim.content)
            if _inside_quote(ctx, sent, claim, quotes) or _nested(ctx.doc(sent), claim):
                continue
            if claim.colon:
                content = (content[0], _line_end(ctx.text, content[1]))
            found[(sent, claim.cue[0])] = (sent, claim, content)
    # A quote running over several sentences belongs whole to the claim it is tied to.
    for quote in quotes:
        hit = _quote_claim(ctx, quote)
        if hit is None:
            lead = _cue_in_next_sentence(ctx, quote)
            if lead is not None:
                sent, claim = lead
                found[(sent, claim.cue[0])] = (sent, claim, quote)
            continue
        sent, claim = hit
        key = (sent, claim.cue[0])
        if key not in found:
            continue  # the cue sits inside another quote
        _, _, (a, b) = found[key]
        cue_a, cue_b = ctx.char_span(sent, *claim.cue)
        if quote[0] < a or quote[1] > b:
            a2, b2 = min(a, quote[0]), max(b, quote[1])
            if a2 <= cue_a < b2:
                continue  # extending would swallow the cue
            found[key] = (sent, claim, (a2, b2))
    return _outermost(ctx, list(found.values()))


# How far (characters) a continuing quote may stand from the quote before it: room for
# the cue clause between them ('"...," the deputy minister for regional affairs said.').
_CONTINUATION_GAP = 160


def continued_from(
    ctx: ArticleContext, quote: tuple[int, int], depth: int = 4
) -> tuple[int, Claim] | None:
    """The claim a quote standing alone in its sentences continues: the claim of the
    quote right before it, when only that claim's cue sentence (or nothing) stands
    between them, in the same or the next paragraph ('"We lost time," the official
    said. "But it was the right call."'). PolNeAR marks such quotes as part of the
    first quote's content (train: 1,088 of the 1,113 found)."""
    quotes = article_quotes(ctx)
    k = bisect_right(quotes, quote) - 1
    if k < 1 or quotes[k] != quote:
        return None
    text = ctx.text
    first, last = _sentence_of(ctx, quote[0]), _sentence_of(ctx, quote[1] - 1)
    if first is None or last is None or text[ctx.sentences[first][0] : quote[0]].strip():
        return None  # words before the quote in its sentence: not standing alone
    if text[quote[1] : ctx.sentences[last][1]].strip(" .,;:!?)\u2019'"):
        return None  # words after it
    before = quotes[k - 1]
    gap = text[before[1] : quote[0]]
    if len(gap) > _CONTINUATION_GAP or gap.count("\n\n") > 1:
        return None
    if any(mark in gap for mark in QUOTE_TOKENS):
        return None
    hit = _tied_claim(ctx, before)
    if hit is None:
        if gap.strip() or depth == 0:
            return None
        return continued_from(ctx, before, depth - 1)
    sent, claim = hit
    cue = ctx.char_span(sent, *claim.cue)[0]
    if gap.strip() and not (before[1] <= cue < quote[0] and first == sent + 1):
        return None  # something other than the cue's sentence stands between them
    return hit


def with_continued_quotes(ctx: ArticleContext, entries: list[Entry]) -> list[Entry]:
    """``entries`` and, after them, the quotes that continue the quote of one of them
    (`continued_from`), each with that entry's claim (the same speaker and cue) and
    the quote as content. Added after the tagger, which learnt its features without
    them; a quote some entry already covers is left as it is."""
    kept = {(sent, claim.cue): claim for sent, claim, _ in entries}
    covered = [content for _, _, content in entries]
    out = list(entries)
    for quote in article_quotes(ctx):
        if any(a < quote[1] and quote[0] < b for a, b in covered):
            continue
        hit = continued_from(ctx, quote)
        if hit is None:
            continue
        claim = kept.get((hit[0], hit[1].cue))
        if claim is not None:
            out.append((hit[0], claim, quote))
    return out


def _outermost(
    ctx: ArticleContext, found: list[tuple[int, Claim, tuple[int, int]]]
) -> list[tuple[int, Claim, tuple[int, int]]]:
    """Leave out a claim whose cue and content lie inside the content of a longer claim
    of the same sentence ("said the plan, which critics attacked as costly, would ..."):
    PolNeAR marks the outer attribution and rarely the one inside it (train: 0.23 of
    such inner claims match, below the F1 bar)."""
    out = []
    for entry in found:
        sent, claim, (a, b) = entry
        cue = ctx.char_span(sent, *claim.cue)[0]
        inside = any(
            other is not entry
            and other[0] == sent
            and other[2][0] <= a
            and b <= other[2][1]
            and other[2][1] - other[2][0] > b - a
            and other[2][0] <= cue < other[2][1]
            for other in found
        )
        if not inside:
            out.append(entry)
    return out


def _nested(doc: Doc, claim: Claim) -> bool:
    """A cue inside the complement clause of another verb ("said he wants to ...",
    "knows they plan to ..."): PolNeAR rarely marks it on its own when it is a stance,
    or when its speaker is a pronoun (train: 0.18-0.33 of such claims match, against
    0.48 for speech with a noun speaker), and its content is already part of the outer
    claim's. Kept for `source_for`, which may still need it."""
    verb = next(
        (t for t in doc[claim.cue[0] : claim.cue[1]] if t.pos_ not in ("AUX", "PART")), None
    )
    if verb is None or claim.quoted:
        return False
    pronoun = claim.speaker_head is not None and doc[claim.speaker_head].pos_ == "PRON"
    if verb.dep_ == "ccomp":
        return claim.stance or pronoun
    return verb.dep_ == "xcomp" and claim.stance and pronoun


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text.rstrip()) if end < 0 else end


_SPEAKING_PRONOUNS = frozenset({"i", "we", "you"})


def _nested_in_quote(
    ctx: ArticleContext, sent: int, claim: Claim, quotes: list[tuple[int, int]]
) -> bool:
    """ "I think", "you know" inside someone's direct quote: part of that quote, not a
    statement of its own."""
    if claim.speaker_head is None:
        return False
    doc = ctx.doc(sent)
    if doc[claim.speaker_head].lower_ not in _SPEAKING_PRONOUNS:
        return False
    cue = ctx.offset(sent) + doc[claim.cue[0]].idx
    return any(a < cue < b for a, b in quotes)


def _inside_quote(
    ctx: ArticleContext, sent: int, claim: Claim, quotes: list[tuple[int, int]]
) -> bool:
    """A cue inside someone's direct quote ('"They told us it was over," she said'):
    part of that quote, not a statement of the article. PolNeAR never annotates such
    nested attributions (train: 2 of 267 "said" with a clause inside quotes)."""
    doc = ctx.doc(sent)
    cue = ctx.offset(sent) + doc[claim.cue[0]].idx
    return any(a < cue < b for a, b in quotes)


def _to_source(sp: Speaker) -> Source:
    # An impersonal cue ("it was reported that") has no speaker words at all.
    text = sp.resolved or sp.written or "unnamed"
    return Source(text=text, kind=sp.kind, written=sp.written if sp.written != text else None)


def source_for(
    ctx: ArticleContext, sent_index: int, token_index: int
) -> tuple[Source, str | None] | None:
    """Who gives the claim containing token ``token_index`` of ``ctx.doc(sent_index)``:
    (source, cue words), or ``None`` when the article states it in its own voice."""
    if not 0 <= sent_index < len(ctx.sentences):
        return None
    claims = claims_of(ctx, sent_index)
    # Stance cues and the article's own hedges ("seeks to", "appears to") are
    # statements, but nobody gives a figure through them.
    covering = sorted(
        (c for c in claims if c.covers(token_index) and not c.stance),
        key=lambda c: (c.speaker is None, c.size),
    )
    quotes = article_quotes(ctx)
    # "I think" inside someone's quote defers to the quote's speaker.
    own = [c for c in covering if not _nested_in_quote(ctx, sent_index, c, quotes)]
    if own:
        return _source_and_cue(ctx, sent_index, own[0])
    doc = ctx.doc(sent_index)
    if 0 <= token_index < len(doc):
        # A token inside a quote that runs over several sentences: the quote's speaker.
        char = ctx.offset(sent_index) + doc[token_index].idx
        for quote in quotes:
            if quote[0] <= char < quote[1]:
                hit = _tied_claim(ctx, quote) or continued_from(ctx, quote)
                if hit is not None:
                    return _source_and_cue(ctx, *hit)
    if covering:
        return _source_and_cue(ctx, sent_index, covering[0])
    return None


def _source_and_cue(ctx: ArticleContext, sent: int, claim: Claim) -> tuple[Source, str | None]:
    sp = speaker_of(ctx, sent, claim)
    doc = ctx.doc(sent)
    cue = doc[claim.cue[0] : claim.cue[1]].text
    return _to_source(sp), cue


def statements_for_article(
    article: Article, nlp: Language | None = None, shared: ArticleContext | None = None
) -> list[Statement]:
    """Statements of one article (builds its parsing context; ``shared``, a context of the
    same text that another stage parsed sentences in, lends its full parses).

    The text is parsed with non-breaking spaces read as plain spaces (spaCy makes them
    tokens of their own, which breaks parses); both have one character, so every span
    still indexes ``article.text``, and span texts are taken from it."""
    text = article.text
    ctx = ArticleContext(text.replace("\xa0", " "), published=article.published, nlp=nlp)
    if shared is not None:
        ctx.share_from(shared)
        if shared.text == ctx.text:  # the same sentences: what the gate said of them holds
            state(ctx).cued.update(state(shared).cued)
    statements = find_statements(ctx, article.id)
    if "\xa0" in text:
        for st in statements:
            for ref in (st.cue, st.content):
                if ref is not None and ref.span is not None:
                    ref.text = text[ref.span[0] : ref.span[1]]
            if st.source.span is not None:
                st.source.text = text[st.source.span[0] : st.source.span[1]]
    return statements
