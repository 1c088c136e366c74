"""newstally.figures.quantities: every quantity form, its span and its semantics."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newstally.figures.quantities import (
    NEGATIVE_QUANTIFIERS,
    QUANTITY_HINT,
    QuantityMatch,
    find_quantities,
    parse_quantity,
)
from newstally.model import Quantity

ROOT = Path(__file__).resolve().parents[2]


def spans(text: str) -> list[str]:
    return [m.quantity.text for m in find_quantities(text)]


def only(text: str) -> QuantityMatch:
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0]


# --- forms: (sentence, span text, kind, value, low, high, bound) --------------------------

FORMS = [
    # digits
    ("Police said 14 protesters were detained in Varnok.", "14", "number", 14, 14, 14, "="),
    ("The flood displaced 1,200 families.", "1,200", "number", 1200, 1200, 1200, "="),
    (
        "Some 1.5 million people fled the valley.",
        "Some 1.5 million",
        "number",
        1_500_000,
        None,
        None,
        "~",
    ),
    (
        "The agency said 2m people were displaced.",
        "2m",
        "number",
        2_000_000,
        2_000_000,
        2_000_000,
        "=",
    ),
    ("About 3 thousand people marched.", "About 3 thousand", "number", 3000, None, None, "~"),
    ("A total of 2000 people were evacuated.", "2000", "number", 2000, 2000, 2000, "="),
    (
        "The blast killed 12\u00a0500 head of cattle.",
        "12\u00a0500",
        "number",
        12500,
        12500,
        12500,
        "=",
    ),
    # number words
    ("Five soldiers were killed at the checkpoint.", "Five", "word", 5, 5, 5, "="),
    ("Twenty-three miners were trapped.", "Twenty-three", "word", 23, 23, 23, "="),
    ("Rescuers found a dozen survivors.", "a dozen", "word", 12, 12, 12, "="),
    ("Two hundred villagers fled.", "Two hundred", "word", 200, 200, 200, "="),
    (
        "One hundred and twenty people were hurt.",
        "One hundred and twenty",
        "word",
        120,
        120,
        120,
        "=",
    ),
    ("Half a dozen guards were wounded.", "Half a dozen", "word", 6, 6, 6, "="),
    ("Two dozen fishermen are missing.", "Two dozen", "word", 24, 24, 24, "="),
    ("A hundred students were arrested.", "A hundred", "word", 100, 100, 100, "="),
    # people counted by a singular noun
    ("A man was stabbed outside the stadium.", "A man", "person", 1, 1, 1, "="),
    ("Officials said a woman died in the fire.", "a woman", "person", 1, 1, 1, "="),
    ("One person was killed in the crash.", "One person", "person", 1, 1, 1, "="),
    ("A child drowned in the river.", "A child", "person", 1, 1, 1, "="),
    ("A soldier was hurt by shrapnel.", "A soldier", "person", 1, 1, 1, "="),
    ("A police officer was shot in Meridale.", "A police officer", "person", 1, 1, 1, "="),
    ("A 34-year-old man was arrested.", "A 34-year-old man", "person", 1, 1, 1, "="),
    (
        "An elderly Tamrian shepherd was killed.",
        "An elderly Tamrian shepherd",
        "person",
        1,
        1,
        1,
        "=",
    ),
    # vague amounts (values from data/quantities.toml)
    ("Dozens of people were injured.", "Dozens", "vague", 12, 12, 119, ">="),
    ("Scores of homes were destroyed.", "Scores", "vague", 20, 20, 199, ">="),
    ("Hundreds fled the shelling.", "Hundreds", "vague", 100, 100, 999, ">="),
    ("Thousands marched in Orlen.", "Thousands", "vague", 1000, 1000, 9999, ">="),
    (
        "Tens of thousands were displaced.",
        "Tens of thousands",
        "vague",
        10_000,
        10_000,
        99_999,
        ">=",
    ),
    ("A handful of rebels escaped.", "A handful", "vague", 3, 2, 9, "~"),
    ("A few shops were looted.", "A few", "vague", 3, 2, 9, "~"),
    ("Several guards were hurt.", "Several", "vague", 3, 3, 9, "~"),
    ("Many residents fled.", "Many", "vague", 3, 3, None, ">="),
    ("A number of journalists were detained.", "A number of", "vague", 2, 2, None, ">="),
    ("The ministry said several dozen were wounded.", "several dozen", "vague", 36, 36, 119, "~"),
    ("The ministry said several dozens were wounded.", "several dozens", "vague", 36, 36, 119, "~"),
    ("A few hundred people gathered.", "A few hundred", "vague", 300, 200, 999, "~"),
    # bounds
    ("Up to 200 fighters may have died.", "Up to 200", "number", 200, None, 200, "<="),
    ("As many as 60 people were hurt.", "As many as 60", "number", 60, None, 60, "<="),
    ("At least 131 people died.", "At least 131", "number", 131, 131, None, ">="),
    ("No fewer than eight boats sank.", "No fewer than eight", "word", 8, 8, None, ">="),
    ("More than 100 militants were killed.", "More than 100", "number", 100, 101, None, ">"),
    ("Over 70 homes burned.", "Over 70", "number", 70, 71, None, ">"),
    ("Nearly 200 people were evacuated.", "Nearly 200", "number", 200, None, 199, "<"),
    ("Almost fifty cars were burned.", "Almost fifty", "word", 50, None, 49, "<"),
    ("Just under 30 pupils were hurt.", "Just under 30", "number", 30, None, 29, "<"),
    ("Fewer than 10 people remain.", "Fewer than 10", "number", 10, None, 9, "<"),
    ("Less than five minutes later", "Less than five", "word", 5, None, 4, "<"),
    ("About 40 people were hurt.", "About 40", "number", 40, None, None, "~"),
    ("Around seven boats capsized.", "Around seven", "word", 7, None, None, "~"),
    ("Roughly 5 villages were hit.", "Roughly 5", "number", 5, None, None, "~"),
    ("Approximately 90 were saved.", "Approximately 90", "number", 90, None, None, "~"),
    ("An estimated 1,200 people fled.", "An estimated 1,200", "number", 1200, None, None, "~"),
    ("Some 300 prisoners escaped.", "Some 300", "number", 300, None, None, "~"),
    ("More than a dozen were hurt.", "More than a dozen", "word", 12, 13, None, ">"),
    ("200 or more people were trapped.", "200 or more", "number", 200, 200, None, ">="),
    ("A dozen or so guards fled.", "A dozen or so", "word", 12, None, None, "~"),
    ("There were 300+ arrests.", "300+", "number", 300, 300, None, ">="),
    ("Up to several dozen were hurt.", "Up to several dozen", "vague", 36, None, 119, "<="),
    ("At least one person died.", "At least one person", "person", 1, 1, None, ">="),
    # ranges
    ("Between 10 and 20 people were hurt.", "Between 10 and 20", "range", 10, 10, 20, ">="),
    ("Officials said 10 to 15 soldiers died.", "10 to 15", "range", 10, 10, 15, ">="),
    ("Reports said 10-20 rebels died.", "10-20", "range", 10, 10, 20, ">="),
    ("Reports said 3,000–4,000 fled.", "3,000–4,000", "range", 3000, 3000, 4000, ">="),
    ("Two or three villagers were hurt.", "Two or three", "range", 2, 2, 3, ">="),
    ("Two to three hundred people fled.", "Two to three hundred", "range", 200, 200, 300, ">="),
    (
        "Between 1.5 and 2 million people fled.",
        "Between 1.5 and 2 million",
        "range",
        1_500_000,
        1_500_000,
        2_000_000,
        ">=",
    ),
    ("Dozens to hundreds of people fled.", "Dozens to hundreds", "range", 12, 12, 999, ">="),
    ("About 40 to 50 people died.", "About 40 to 50", "range", 40, 40, 50, "~"),
    ("Gunmen killed one-two guards.", "one-two", "range", 1, 1, 2, ">="),
]


@pytest.mark.parametrize(("sentence", "span", "kind", "value", "low", "high", "bound"), FORMS)
def test_form(
    sentence: str,
    span: str,
    kind: str,
    value: int,
    low: int | None,
    high: int | None,
    bound: str,
) -> None:
    found = find_quantities(sentence)
    assert [m.quantity.text for m in found] == [span]
    match = found[0]
    assert sentence[match.start : match.end] == span
    assert match.kind == kind
    assert match.quantity == Quantity(span, value, low, high, bound)


def test_parse_quantity_one_expression() -> None:
    assert parse_quantity("up to 200") == Quantity("up to 200", 200, None, 200, "<=")
    assert parse_quantity("  several dozen ") == Quantity("several dozen", 36, 36, 119, "~")
    assert parse_quantity("a man") == Quantity("a man", 1, 1, 1, "=")


@pytest.mark.parametrize("text", ["", "killed", "200 people", "5 and 6", "in 2017", "$10"])
def test_parse_quantity_rejects_other_text(text: str) -> None:
    assert parse_quantity(text) is None


# --- not quantities ------------------------------------------------------------------------

NOT_QUANTITIES = [
    "The attack happened in 2017.",
    "In 2024 the talks resumed.",
    "Since 2015 the town has been quiet.",
    "The 2016 elections were calm.",
    "Troops arrived in the 1990s.",
    "Fighting lasted from 2014-2016.",
    "The raid on Feb. 7 was the worst.",
    "The raid on 7 February was the worst.",
    "The raid on February 7, 2018 was the worst.",
    "It was filed on 02/28/2016.",
    "The shooting began at 10:30.",
    "The shooting began at 10 p.m. local time.",
    "The 21st brigade moved north.",
    "The first convoy arrived.",
    "It costs $10,000 a month.",
    "The fund pledged €5m to the clinic.",
    "The fine was 10,000 dollars.",
    "Turnout rose by 5% in the north.",
    "Turnout rose by 12 per cent in the north.",
    "They blamed one another for the clash.",
    "No one was hurt in the blast.",
    "Not a single soldier was hurt.",
    "Flight MH17 and F-16 jets were mentioned.",
    "The final score was 3-0.",
    "A 7.8 magnitude quake struck.",
    "The licence is CC BY 2.0 here.",
    "The hearing will be held in May.",
    "How many died is unknown.",
    "Scores on the exam fell.",
    "Nearly one-fifth of the budget went to the army.",
    "Two thirds of the votes were counted.",
    "A quarter of the town was flooded.",
    "Prices were high in the 90's.",
    "Miners went down shaft No. 2 at dawn.",
]


@pytest.mark.parametrize("sentence", NOT_QUANTITIES)
def test_not_a_quantity(sentence: str) -> None:
    assert find_quantities(sentence) == []


def test_year_versus_count() -> None:
    assert spans("In 2016, 2000 people were killed.") == ["2000"]
    assert spans("More than 2000 fled in 2016.") == ["More than 2000"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("She talked about many people.", ["many"]),
        ("Fighting went on over several days.", ["several"]),
        ("They spoke about a man in a red coat.", ["a man"]),
        ("About 40 people died; over 70 were hurt.", ["About 40", "over 70"]),
    ],
)
def test_prepositions_are_no_bounds_before_vague_amounts_or_people(
    sentence: str, expected: list[str]
) -> None:
    assert spans(sentence) == expected


def test_ages_and_durations_are_returned_for_the_figures_stage_to_judge() -> None:
    assert spans("The 25-year-old was held for nine months.") == ["25", "nine"]


def test_from_to_is_a_change_not_a_range() -> None:
    assert spans("The toll rose from 10 to 20 overnight.") == ["10", "20"]


def test_number_words_stop_at_an_impossible_sequence() -> None:
    assert spans("Numbers five six were called.") == ["five", "six"]


def test_several_quantities_left_to_right() -> None:
    text = "Five were killed, dozens were hurt and a man is missing after up to 200 fled."
    found = find_quantities(text)
    assert [m.quantity.text for m in found] == ["Five", "dozens", "a man", "up to 200"]
    assert [m.kind for m in found] == ["word", "vague", "person", "number"]
    assert [m.start for m in found] == sorted(m.start for m in found)


def test_typographic_quotes_stay_outside_the_span() -> None:
    text = "It said \u201cseveral dozens\u201d were wounded."
    match = only(text)
    assert match.quantity.text == "several dozens"
    assert text[match.start - 1] == "\u201c"


def test_negative_quantifiers_come_from_the_table() -> None:
    table = tomllib.loads((ROOT / "src/newstally/data/quantities.toml").read_text("utf-8"))
    assert frozenset(table["negation"]["quantifiers"]) == NEGATIVE_QUANTIFIERS
    assert {"no", "no one", "nobody", "none", "zero"} <= NEGATIVE_QUANTIFIERS


# --- the hint ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("12 died", True),
        ("dozens were hurt", True),
        ("a man died", True),
        ("several were hurt", True),
        ("The talks resumed on the border.", False),
    ],
)
def test_quantity_hint(text: str, hint: bool) -> None:
    assert bool(QUANTITY_HINT.search(text)) is hint


@pytest.mark.parametrize("sentence", [f[0] for f in FORMS])
def test_hint_never_misses_a_quantity(sentence: str) -> None:
    assert QUANTITY_HINT.search(sentence)


# --- robustness ----------------------------------------------------------------------------

PIECES = list("0123456789 ,.-–:/$%+abdefhilmnorstuvwyzAMF\u201c\n") + [
    " one ",
    " a man ",
    " dozens ",
    " up to ",
    " between ",
    " and ",
    " to ",
    " or ",
    " several ",
    " hundred ",
    " 2017 ",
    " Feb. ",
    " 7 February ",
    " more than ",
    " twenty-",
    " million ",
    " of ",
    " the one ",
    " 1.5",
    "m ",
    " a ",
    "İ",
]
TEXT = st.lists(st.sampled_from(PIECES), max_size=40).map("".join) | st.text(max_size=60)


@given(TEXT)
@settings(max_examples=300, deadline=None)
def test_find_quantities_is_total_and_well_formed(text: str) -> None:
    found = find_quantities(text)
    last_end = 0
    for match in found:
        assert 0 <= match.start < match.end <= len(text)
        assert match.start >= last_end  # ordered and non-overlapping
        last_end = match.end
        q = match.quantity
        assert q.text == text[match.start : match.end]
        assert q.bound in ("=", ">=", ">", "<=", "<", "~")
        assert match.kind in ("number", "word", "vague", "person", "range")
        assert q.value is not None
        if q.low is not None:
            assert q.low <= q.value or q.bound == ">"
        if q.high is not None:
            assert q.value <= q.high or q.bound == "<"
        assert QUANTITY_HINT.search(text)


# --- the documentation is generated from the table -----------------------------------------


def test_doc_is_up_to_date() -> None:
    spec = importlib.util.spec_from_file_location(
        "make_quantities_doc", ROOT / "docs/make_quantities_doc.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    expected = module.render()
    actual = (ROOT / "docs/quantities.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/quantities.md is stale: run docs/make_quantities_doc.py"


def test_doc_shows_every_vague_entry_and_its_reason() -> None:
    table = tomllib.loads((ROOT / "src/newstally/data/quantities.toml").read_text("utf-8"))
    doc = (ROOT / "docs/quantities.md").read_text(encoding="utf-8")
    for entry in table["vague"]:
        row = re.search(rf"^\| {re.escape(entry['phrase'])}( \(of \.\.\.\))? \|.*$", doc, re.M)
        assert row is not None, entry["phrase"]
        assert entry["why"] in row[0]
