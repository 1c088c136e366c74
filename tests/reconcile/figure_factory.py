"""Hand-built articles and figures for the reconcile and report tests (a factory).

All outlets, places, people and events here are invented. `ArticleBuilder.say` appends a
sentence to the article text and records the figures it states, with spans pointing at
their quantity words, as the figures stage would.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newstally.model import Article, Figure, Group, Quantity, Source, Story, When


@dataclass
class F:
    """A figure to state in a sentence: ``q`` must occur in the sentence."""

    q: str
    category: str = "killed"
    value: int | None = None
    low: int | None = None
    high: int | None = None
    bound: str = "="
    source: str = "the Interior Ministry"
    kind: str = "official"
    group: tuple[str, str | None, str | None] | None = None
    hedges: list[str] = field(default_factory=list)
    scope: str = "event"
    when: tuple[str, str | None, str | None] | None = None
    negated: bool = False
    where: list[str] = field(default_factory=list)
    nth: int = 0  # which occurrence of ``q`` in the sentence
    incidents: int | None = None  # incidents the figure covers ("across the three attacks")
    part_of: int | None = None  # 1-based number, in its article, of the figure including it

    def __post_init__(self) -> None:
        if self.value is None and self.bound == "=":
            self.low = self.high = None


class ArticleBuilder:
    def __init__(self, id: str, outlet: str | None, published: str | None = None) -> None:
        self.id = id
        self.outlet = outlet
        self.published = published
        self.title: str | None = None
        self.parts: list[str] = []
        self.figures: list[Figure] = []

    def headline(self, title: str) -> ArticleBuilder:
        self.title = title
        self.parts.append(title)
        return self

    def say(self, sentence: str, *specs: F) -> ArticleBuilder:
        offset = sum(len(p) + 2 for p in self.parts)
        self.parts.append(sentence)
        for spec in specs:
            at = -1
            for _ in range(spec.nth + 1):
                at = sentence.index(spec.q, at + 1)
            start = offset + at
            group = Group(*spec.group) if spec.group else None
            when = When(*spec.when) if spec.when else None
            low, high = spec.low, spec.high
            if spec.bound == "=" and spec.value is not None:
                low = high = spec.value if low is None else low
            self.figures.append(
                Figure(
                    id=f"{self.id}:f{len(self.figures) + 1}",
                    article=self.id,
                    category=spec.category,
                    quantity=Quantity(spec.q, spec.value, low, high, spec.bound),
                    source=Source(spec.source, spec.kind),
                    sentence=sentence,
                    span=(start, start + len(spec.q)),
                    group=group,
                    hedges=list(spec.hedges),
                    scope=spec.scope,
                    when=when,
                    negated=spec.negated,
                    where=list(spec.where),
                    incidents=spec.incidents,
                    part_of=f"{self.id}:f{spec.part_of}" if spec.part_of else None,
                )
            )
        return self

    def build(self) -> Article:
        text = "\n\n".join(self.parts)
        for figure in self.figures:
            a, b = figure.span
            assert text[a:b] == figure.quantity.text, (text[a:b], figure.quantity.text)
        return Article(
            id=self.id,
            origin=f"{self.id}.txt",
            text=text,
            title=self.title,
            outlet=self.outlet,
            published=self.published,
            figures=list(self.figures),
        )


def make_story(*articles: Article, duplicates: dict[str, str] | None = None) -> Story:
    return Story(
        id="story-1",
        title=articles[0].title or "A story",
        articles=[a.id for a in articles],
        duplicates=dict(duplicates or {}),
        outlets=list(dict.fromkeys(a.outlet for a in articles if a.outlet)),
        start=min((a.published or "" for a in articles), default=None) or None,
        end=max((a.published or "" for a in articles), default=None) or None,
    )


TARNIANS = ("Tarnian volunteers", "volunteer", "Tarnian")


def ridge_articles() -> tuple[Article, Article]:
    """Two outlets on one invented clash: a ministry's hedged early toll, a later
    'several dozen' hurt / killed-or-hurt, unnamed higher tolls, another group's count,
    a cumulative and a period figure."""
    post = (
        ArticleBuilder("post-1", "The Valley Post")
        .headline("Tarnia admits dozens hurt in Orlov ridge fighting")
        .say(
            "Tarnia's Defence Office has admitted that \u201cseveral dozen\u201d of its "
            "nationals were hurt in the fighting on Orlov ridge, days after acknowledging "
            "four deaths there.",
            F(
                "several dozen",
                "injured",
                24,
                24,
                None,
                ">=",
                "Tarnia's Defence Office",
                group=("its nationals", "national", None),
                hedges=["quoted"],
            ),
            F("four", "killed", 4, source="Tarnia's Defence Office"),
        )
        .say(
            "Estimates of the Tarnian dead vary widely, with some outlets claiming that up "
            "to 150 Tarnian volunteers were killed on the ridge.",
            F(
                "up to 150",
                "killed",
                150,
                None,
                150,
                "<=",
                "some outlets",
                "unnamed",
                group=TARNIANS,
            ),
        )
        .say(
            "The Defence Office said last week that four Tarnian citizens had "
            "\u201cprobably\u201d been killed.",
            F(
                "four",
                "killed",
                4,
                source="The Defence Office",
                group=("Tarnian citizens", "citizen", "Tarnian"),
                hedges=["probably"],
            ),
        )
        .say(
            "The office said the wounded were being treated in hospitals across the "
            "country, and it gave no further details.",
        )
        .build()
    )
    herald = (
        ArticleBuilder("herald-1", "Coastline Herald")
        .headline("Dozens of Tarnians killed or hurt on Orlov ridge")
        .say(
            "Tarnia's defence office has confirmed that \u201cseveral dozen\u201d Tarnian "
            "citizens were killed or hurt in the recent fighting on Orlov ridge.",
            F(
                "several dozen",
                "casualties",
                24,
                24,
                None,
                ">=",
                "Tarnia's defence office",
                group=("Tarnian citizens", "citizen", "Tarnian"),
                hedges=["quoted"],
            ),
        )
        .say(
            "Previously the Tarnian government said four Tarnians had died in the clash.",
            F(
                "four",
                "killed",
                4,
                source="the Tarnian government",
                group=("Tarnians", "Tarnian", None),
                hedges=["probably"],
            ),
        )
        .say(
            "Some reports have said more than 80 Tarnian volunteers were killed in the "
            "air strikes on the ridge.",
            F(
                "more than 80",
                "killed",
                80,
                81,
                None,
                ">",
                "Some reports",
                "unnamed",
                group=TARNIANS,
            ),
        )
        .say(
            "The Osland command said its strikes killed 70 militia on the ridge that night.",
            F("70", "killed", 70, source="The Osland command", group=("militia", "militia", None)),
        )
        .say(
            "According to the Tarnian army, 31 soldiers have died in the region since the "
            "deployment began.",
            F(
                "31",
                "killed",
                31,
                source="the Tarnian army",
                scope="cumulative",
                group=("soldiers", "soldier", None),
                when=("since the deployment began", None, None),
            ),
        )
        .say(
            "A monitoring group found that at least 97 Tarnians died in the region in the "
            "first half of last year.",
            F(
                "at least 97",
                "killed",
                97,
                97,
                None,
                ">=",
                "A monitoring group",
                "organisation",
                group=("Tarnians", "Tarnian", None),
                scope="period",
                when=("in the first half of last year", "2030-01-01", "2030-06-30"),
            ),
        )
        .build()
    )
    return post, herald
