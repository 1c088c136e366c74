"""Articles' accounts: what each article of a story counts, as the story's totals use it.

The figures stage gives every article its own totals (`Article.totals`): a careful reading
of that article alone, made with links the figures do not carry (a person shot and later
dead in the same report, counts stated as parts of others, a sidebar's number). A story's
totals respect those readings:

* a figure that its own article's totals leave out (its category has no total there, or
  its number lies outside the total's low-high range while the total is no sum of such
  numbers) does not count in the story total
  either: "the woman was shot ... she died in hospital" is one death in that article, not
  one death and one injury in the story (`not_counted`);
* across articles, people reported hurt by articles that count no one killed are the dead
  of the story's other articles when those count at least as many killed and no one hurt:
  "a man was shot on Tuesday" and, the next day, "the man shot on Tuesday has died" tell
  of one death (`shot_then_dead`);
* a larger count on which more of the story's articles agree than on any other makes the
  story total when the main group's slot gives less: that slot may hold one victim's
  mentions ("the man", "her son") while the articles count everyone (`agreed_total`);
* a count that no headline of the story bears out and that the other articles' readings
  contradict is left out of the story total (`untold`): no headline tells a death, one
  article alone counts people killed, not in its lead (wire copy tells its deaths in the
  first sentence), and another counts people hurt and no one killed
  ("Four hurt in Elm Street shooting" beside a report whose sidebar tells of last month's
  killing); no headline tells an injury, one headlines a death, and a single article
  counts people hurt beside others that count the dead and no one hurt, no more people
  than they count dead (its hurt are, most often, its dead);
* the one person a story counts hurt, when it counts no one killed and a headline tells a
  death, is the dead (`hurt_is_dead`): the reports told the shooting, the headline of a
  later one (or a reading that missed "died") the death;
* a round-up ("1 dead, 4 wounded in weekend shootings") counts other incidents too: when
  the story's other articles all agree on a count, it makes the story total
  (`roundup_agreed`);
* the story total is a count its articles give (`within_accounts`): the slots' arithmetic
  (a slot of one named victim chosen over "five people were shot", the dead left among
  the hit, two slots of one victim added up) may give a count below every article's
  count or above every one, or none of theirs while most of the articles agree on one;
  the articles' own readings then make the total.

Articles without totals (never analysed by the figures stage) are no accounts: the rules
leave their figures alone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence

from ..model import Article, Estimate, Story, Total
from .common import FigureRef, words
from .config import ReconcileConfig


def accounts(story: Story, articles: Mapping[str, Article]) -> list[Article]:
    """The story's articles that carry their own totals (copies left out), in story order."""
    return [
        articles[a]
        for a in story.articles
        if a not in story.duplicates and a in articles and articles[a].totals
    ]


def not_counted(refs: Sequence[FigureRef], articles: Mapping[str, Article]) -> set[str]:
    """Event figures that their own article's totals leave out: the category has no total
    in that article, or the figure's number lies above the total's high, or below its low
    while another figure of the article states a number within it ("two people were
    killed" beside "the man"). When none does, the total adds the smaller numbers up
    ("Ada Moss and Ben Cole were killed") and they stay."""
    events = [r for r in refs if r.figure.scope == "event" and r.article in articles]
    stated = {
        (r.article, r.figure.category)
        for r in events
        if (total := articles[r.article].totals.get(r.figure.category)) is not None
        and (value := _value(r)) is not None
        and _position(value, total) == 0
    }
    found: set[str] = set()
    for ref in events:
        totals = articles[ref.article].totals
        if not totals:
            continue
        total = totals.get(ref.figure.category)
        if total is None:
            found.add(ref.id)
            continue
        position = _position(_value(ref), total)
        if position > 0 or (position < 0 and (ref.article, ref.figure.category) in stated):
            found.add(ref.id)
    return found


def _value(ref: FigureRef) -> int | None:
    return 0 if ref.figure.negated else ref.figure.quantity.value


def _position(value: int | None, total: Total) -> int:
    """-1 below the total's low, +1 above its high, else 0 (also for an unknown number)."""
    if value is None:
        return 0
    if total.low is not None and value < total.low:
        return -1
    if total.high is not None and value > total.high:
        return 1
    return 0


def _count(article: Article, category: str) -> int:
    total = article.totals.get(category)
    return int(total.best or 0) if total is not None else 0


def shot_then_dead(
    refs: Sequence[FigureRef], story: Story, articles: Mapping[str, Article]
) -> set[str]:
    """Injured figures of articles that count people hurt and no one killed, when every
    other article with a count counts killed and no one hurt, at least as many as the
    hurt: the same people, reported before they died or by a report that leaves the
    death out. More hurt than dead are others besides the dead; nothing is left out."""
    counting = [a for a in accounts(story, articles) if _count(a, "killed") or _count(a, "injured")]
    hurt = [a for a in counting if _count(a, "injured") and not _count(a, "killed")]
    dead = [a for a in counting if _count(a, "killed") and not _count(a, "injured")]
    if not hurt or not dead or len(hurt) + len(dead) < len(counting):
        return set()
    most_dead = max(_count(a, "killed") for a in dead)
    if any(_count(a, "injured") > most_dead for a in hurt):
        return set()
    ids = {a.id for a in hurt}
    return {r.id for r in refs if r.article in ids and r.figure.category == "injured"}


def agreed_total(
    total: Total, category: str, counted: Sequence[Article], min_articles: int
) -> Total:
    """``total``, or a larger count that at least ``min_articles`` of the ``counted``
    articles agree on and no other count is told by as many of them."""
    if total.best is None:
        return total
    values = Counter(
        int(a.totals[category].best)  # type: ignore[arg-type]
        for a in counted
        if category in a.totals and a.totals[category].best is not None
    )
    if not values:
        return total
    top = max(values.values())
    leaders = [v for v, n in values.items() if n == top]
    if top < min_articles or len(leaders) > 1 or leaders[0] <= total.best:
        return total
    best = leaders[0]
    low = best if total.low is None else min(total.low, best)
    high = None if total.high is None else max(total.high, best)
    agreeing = next(
        a.totals[category] for a in counted if a.totals.get(category, total).best == best
    )
    victims = agreeing.victims or Estimate(low=best, best=best, high=best)
    return Total(low=low, best=best, high=high, victims=victims)


def within_accounts(
    story: Story,
    articles: Mapping[str, Article],
    totals: Mapping[str, Estimate],
    categories: Sequence[str],
) -> dict[str, Total | None]:
    """Per category of ``categories``, the count the story's articles give (their own
    totals; one without a total of the category counts no one) when the story total
    ``totals`` is none they could: below every article's count or above every one (the
    most common of their counts, ties to the smaller), or none of their counts while a
    strict majority of them agree on one (that count). The value is the total of the first
    article giving the count; None when the count is no one."""
    counted = accounts(story, articles)
    found: dict[str, Total | None] = {}
    for category in categories if counted else ():
        values = [_count(a, category) for a in counted]
        estimate = totals.get(category)
        value = int(estimate.best or 0) if estimate is not None else 0
        tally = Counter(values)
        top = max(tally.values())
        if value < min(values) or value > max(values):
            count = min(v for v, n in tally.items() if n == top)
        elif value not in tally and 2 * top > len(values):
            count = next(v for v, n in tally.items() if n == top)
        else:
            continue
        found[category] = (
            next(a.totals[category] for a in counted if _count(a, category) == count)
            if count
            else None
        )
    return found


def perpetrators_besides(
    story: Story,
    articles: Mapping[str, Article],
    totals: Mapping[str, Estimate],
    categories: Sequence[str],
) -> dict[str, Total]:
    """Per category of ``categories``, the total of the first article that counts the
    story's count of victims and perpetrators besides them: its victims part
    (`Total.victims`) is the story total's count and its count is larger ("shot his wife
    and son, then himself": 2 victims, 3 dead). The story's other reports, telling the
    victims, do not deny the shooter's death; the count of everyone includes it. A story
    counting no victim is left alone (its count of no one may be `untold`'s)."""
    found: dict[str, Total] = {}
    counted = accounts(story, articles)
    for category in categories:
        estimate = totals.get(category)
        value = int(estimate.best or 0) if estimate is not None else 0
        if value < 1:
            continue
        found_total = next(
            (
                total
                for a in counted
                if (total := a.totals.get(category)) is not None
                and total.victims is not None
                and total.victims.best == value
                and total.best is not None
                and total.best > value
            ),
            None,
        )
        if found_total is not None:
            found[category] = found_total
    return found


def untold(
    story: Story,
    articles: Mapping[str, Article],
    config: ReconcileConfig,
    tells: Mapping[str, bool],
) -> set[str]:
    """Categories ("killed", "injured") whose story total no headline bears out and the
    articles' own readings contradict (see the module's docstring): the story counts no
    one for them. ``tells``: what the story's headlines tell (`headlines_tell`); counts
    come from the articles with their own totals."""
    counted = accounts(story, articles)
    hurt_only = [a for a in counted if _count(a, "injured") and not _count(a, "killed")]
    dead_only = [a for a in counted if _count(a, "killed") and not _count(a, "injured")]
    hurt = [a for a in counted if _count(a, "injured")]
    found: set[str] = set()
    dying = [a for a in counted if _count(a, "killed")]
    if (
        not tells["killed"]
        and hurt_only
        and len(dying) == 1
        and not _told_in_lead(dying[0], "killed", config.untold_lead_characters)
    ):
        found.add("killed")
    if (
        not tells["injured"]
        and tells["killed"]
        and dead_only
        and len(hurt) == 1
        and _count(hurt[0], "injured") <= max(_count(a, "killed") for a in dead_only)
        # its hurt are its dead: it counts no one killed (told before the deaths), or as
        # many killed as hurt (the dead counted twice); "5 killed, 3 hurt" are others
        and _count(hurt[0], "killed") in (0, _count(hurt[0], "injured"))
    ):
        found.add("injured")
    return found


def roundup_agreed(
    story: Story, articles: Mapping[str, Article], config: ReconcileConfig
) -> dict[str, Total | None]:
    """Per category ("killed", "injured"), the count the story's other articles all agree
    on when some of its articles are round-ups (a headline naming several incidents:
    `[headlines.roundup]`): their counts add up the other incidents too. The value is the
    total of the first agreeing article (its figures give it), None when they agree on no
    one. Empty when the story has no round-up, or fewer other articles with totals than
    round-ups: a story told mostly as several incidents ("Coordinated attacks across Karsa
    kill 30") is such an event, and a report of one of its attacks is the part."""
    counted = accounts(story, articles)
    others = [a for a in counted if not config.headline_tells("roundup", words(a.title or ""))]
    if not others or len(others) == len(counted) or 2 * len(others) < len(counted):
        return {}
    found: dict[str, Total | None] = {}
    for category in ("killed", "injured"):
        values = {_count(a, category) for a in others}
        if len(values) == 1:
            value = values.pop()
            found[category] = others[0].totals[category] if value else None
    return found


def _told_in_lead(article: Article, category: str, characters: int) -> bool:
    """Whether a figure of ``category`` that ``article`` reports starts within the first
    ``characters`` of its text (its lead)."""
    return any(
        f.category == category and not f.negated and f.span[0] < characters for f in article.figures
    )


def headlines_tell(
    story: Story, articles: Mapping[str, Article], config: ReconcileConfig
) -> dict[str, bool]:
    """Per category ("killed", "injured"): whether some headline of the story's articles
    (copies left out) tells it (`[headlines]` in data/reconcile.toml). A round-up's
    headline ("2 dead, 5 wounded in weekend shootings") tells the other incidents too: it
    counts only when every headline is one."""
    raw = [
        articles[a].title or ""
        for a in story.articles
        if a not in story.duplicates and a in articles
    ]
    single = [t for t in raw if not config.headline_tells("roundup", words(t))]
    raw = single or raw
    titles = [words(t) for t in raw]
    told = {c: any(config.headline_tells(c, t) for t in titles) for c in ("killed", "injured")}
    told["injured"] = told["injured"] or any(_hit_after_death(t, config) for t in raw)
    return told


def _hit_after_death(title: str, config: ReconcileConfig) -> bool:
    """A headline that counts people hit after it tells the dead ("2 killed, 2 shot in
    ...", "Teen killed, 6 others shot"): those hit are others besides the dead, so it
    tells an injury. Not when the word before or the two after tell a death too ("Girl,
    9, fatally shot", "3 shot dead")."""
    tokens = _TOKEN.findall(title.lower().replace("\u2019", "'"))
    for i, token in enumerate(tokens):
        if (
            token in config.headline_hit_words
            and config.headline_tells("killed", tokens[:i])
            and any(t.isdigit() or t in config.headline_count_words for t in tokens[i - 2 : i])
            and not config.headline_tells("killed", tokens[i - 1 : i + 3])
        ):
            return True
    return False


_TOKEN = re.compile(r"[a-z0-9']+")


def hurt_is_dead(totals: Mapping[str, Estimate], tells: Mapping[str, bool]) -> bool:
    """The one person the story counts hurt is the dead a headline tells ("2-year-old dies
    after being shot" beside reports of the child shot): the story counts no one killed,
    one person hurt, and some headline tells a death (``tells``: `headlines_tell`)."""
    killed, injured = totals.get("killed"), totals.get("injured")
    return (
        (killed is None or not killed.best)
        and injured is not None
        and injured.best == 1
        and tells["killed"]
    )
