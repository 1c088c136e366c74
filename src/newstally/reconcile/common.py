"""Figure references and word matching shared by the reconcile modules."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..model import Article, Figure, Story
from .config import ReconcileConfig

_WORD = re.compile(r"[A-Za-z][A-Za-z.\-]*[A-Za-z]|[A-Za-z]")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class FigureRef:
    """A figure with what reconcile needs to know about the article that reports it."""

    figure: Figure
    article: str
    outlet: str
    published: str | None  # the article's ISO date (YYYY-MM-DD), if known
    article_index: int  # position of the article in the story
    qpos: int  # offset of the quantity words within ``figure.sentence``

    @property
    def id(self) -> str:
        return self.figure.id


def outlet_name(article: Article) -> str:
    """The outlet that published ``article``, or a placeholder naming the article."""
    return article.outlet or f"unknown outlet ({article.id})"


def article_date(article: Article) -> str | None:
    published = article.published or ""
    return published[:10] if _ISO_DATE.match(published) else None


def quantity_offset(figure: Figure, text: str) -> int:
    """Where the figure's quantity starts within its sentence (0 when it cannot be found)."""
    sentence = figure.sentence
    start, _ = figure.span
    at = text.find(sentence, max(0, start - len(sentence)))
    if sentence and 0 <= at <= start < at + len(sentence):
        return start - at
    found = sentence.find(figure.quantity.text)
    return max(found, 0)


def collect_refs(story: Story, articles: Mapping[str, Article]) -> list[FigureRef]:
    """Every figure of the story's articles, duplicates (copies) left out, in story order."""
    refs: list[FigureRef] = []
    seen: set[str] = set()
    for index, article_id in enumerate(story.articles):
        if article_id in story.duplicates:
            continue
        article = articles.get(article_id)
        if article is None:
            continue
        outlet = outlet_name(article)
        date = article_date(article)
        for figure in article.figures:
            if figure.id in seen:
                continue
            seen.add(figure.id)
            refs.append(
                FigureRef(
                    figure=figure,
                    article=article.id,
                    outlet=outlet,
                    published=date,
                    article_index=index,
                    qpos=quantity_offset(figure, article.text),
                )
            )
    return refs


def words(text: str) -> list[str]:
    """Lower-cased words of ``text``; possessive "'s" is dropped."""
    text = text.replace("\u2019", "'").replace("'s ", " ").replace("'s", "")
    return [w.lower().strip(".-") for w in _WORD.findall(text)]


def nation_form(word: str, config: ReconcileConfig) -> str:
    """A word as compared for nations: irregular demonyms mapped, a final "s" dropped."""
    word = word.lower()
    word = config.demonyms.get(word, word)
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        word = config.demonyms.get(word[:-1], word[:-1])
    return word


def same_nation(a: str, b: str, config: ReconcileConfig) -> bool:
    """ "Tarnia" / "Tarnian" / "Tarnians"; "Iran" / "Iranian" (see [nations] in the table)."""
    a, b = nation_form(a, config), nation_form(b, config)
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if len(short) < 4 or not long.startswith(short):
        return False
    return long[len(short) :] in config.nation_suffixes
