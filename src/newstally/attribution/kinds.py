"""What kind of speaker a name is: official, media, organisation, person or unnamed."""

from __future__ import annotations

import re
from functools import lru_cache

from .lexicon import lexicon

# The order in which lexicons are consulted when the head word alone does not decide.
_ORDER = ("media", "official", "organisation", "person", "unnamed")
# Where the head noun phrase of a name ends ("the head of the mission" -> "the head").
_HEAD_END = re.compile(r"\s(?:of|for|from|in|at|on|with|who|which|that)\s|,|\(")
_POSSESSIVE = re.compile(r"['’]s?\b")
_WORD = re.compile(r"[\w.&/-]+")
_ARTICLES = ("the", "a", "an")
_NER_KIND = {"PERSON": "person", "ORG": "organisation", "GPE": "official", "NORP": "official"}


def _normalise(name: str) -> str:
    return " ".join(_WORD.findall(_POSSESSIVE.sub(" ", name.lower())))


def _phrases(words: list[str]) -> set[str]:
    """Every contiguous word sequence (up to 4 words) of ``words``."""
    return {
        " ".join(words[a:b])
        for a in range(len(words))
        for b in range(a + 1, min(a + 5, len(words) + 1))
    }


def _match(phrases: set[str]) -> str | None:
    lex = lexicon()
    for kind in _ORDER:
        if phrases & lex.kinds[kind]:
            return kind
    if phrases & lex.countries:
        return "official"
    return None


@lru_cache(maxsize=4096)
def source_kind(name: str, label: str | None = None) -> str:
    """Kind of the speaker called ``name``: official, media, organisation, person or
    unnamed. ``label`` is an optional spaCy entity label of the name (PERSON, ORG, GPE)
    used when no lexicon entry decides."""
    lex = lexicon()
    head_part = _HEAD_END.split(name, maxsplit=1)[0].strip() or name
    words = _normalise(head_part).split()
    if words and words[0] in _ARTICLES and len(words) > 1:
        words = words[1:]
    if not words:
        return "unnamed"
    head = words[-1]
    # Plain pronouns and "some"/"others" have no identifiable speaker.
    if len(words) == 1 and head in lex.pronouns:
        return "unnamed"
    whole = _phrases(words)
    # A named outlet, body or country anywhere in the head phrase decides first
    # ("a Reuters investigation", "Russia's Foreign Ministry").
    named = {p for p in whole if " " in p or p not in lex.kinds["unnamed"]}
    if head in lex.documents or head in lex.kinds["unnamed"]:
        kind = _match(named - {head})
        if kind is not None and kind != "unnamed":
            return kind
        # "the latest Russian statement": the state behind it.
        return _NER_KIND.get(label or "", "unnamed")
    for kind in _ORDER[:-1]:
        if head in lex.kinds[kind]:
            # "health officials of the hospital" is still official; a proper name of
            # an outlet beats a generic head ("the BBC correspondent").
            return kind
    kind = _match(named)
    if kind is not None:
        return kind
    if label in _NER_KIND:
        return _NER_KIND[label]
    # "Teck, the mining company": an unlabelled name is what its apposition (a noun
    # phrase with an article) says it is, when that is a body; a person's role in
    # apposition is left to the name itself.
    _, comma, apposition = name.partition(",")
    if comma:
        appos = _normalise(_HEAD_END.split(apposition, maxsplit=1)[0]).split()
        if len(appos) > 1 and appos[0] in _ARTICLES and appos[-1] in lex.kinds["organisation"]:
            return "organisation"
    original = _HEAD_END.split(name, maxsplit=1)[0].split()
    capitalised = [w for w in original if w[:1].isupper()]
    if capitalised and len(capitalised) == len([w for w in original if w.lower() not in _ARTICLES]):
        # A bare proper name of two or three words is most likely a person.
        return "person" if 1 <= len(capitalised) <= 3 else "organisation"
    return "unnamed"
