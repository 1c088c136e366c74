"""Each junk-table rule on lines it must remove, and body lines it must leave alone."""

from __future__ import annotations

import pytest

from newstally.clean import JunkTableError, clean_text, compile_rules, default_rules
from newstally.clean.lines import split_lines

# Rule name -> lines that rule (and no earlier one) removes, each in an article context.
JUNK_EXAMPLES: dict[str, list[str]] = {
    "lone-symbol": ["×", "•", "* * *"],
    "payment-buttons": ["One-time\nMonthly\nYearly"],
    "payment-amounts": ["$5\n$10 / month\n€25"],
    "payment-widget": ["payment methods", "Not ready to donate today?", "Maybe later."],
    "appeal-line": ["Support us", "Donate now", "Become a member"],
    "navigation-phrase": ["Read more", "Skip to main content", "Advertisement", "Back to top"],
    "pager-link": ["Previous post: Ferry timetable changes from April"],
    "comment-form": ["Save my name, email, and website in this browser for the next time."],
    "copyright-line": ["© 2022 Kestrel News Ltd", "Copyright 2021 Valley Media"],
    "rights-reserved": ["Kestrel News. All rights reserved."],
    "tags-line": ["Tags: floods, Karvel, rescue", "Filed under: Harbour news"],
    "related-label": ["Related", "You may also like...", "Most popular", "Explore further"],
    "related-link": ["Read more: Ferry timetable changes from April", "Watch: divers at work"],
    "photo-licence-credit": ["Jon Amsel (CC BY-SA 4.0)"],
    "photo-source-credit": ["Petra Lund / Unsplash", "Valley Council / Handout"],
    "labelled-credit": ["Image copyright Kestrel News", "Photo: Tom Reyes/Kestrel"],
    "agency-sandwich-credit": ["EPA A flooded road near the river. File photoEPA"],
    "agency-alone-credit": ["Getty Images", "File photo"],
    "labelled-caption": ["Image caption Rescuers at the river bank", "Pictured: the old bridge"],
    "visual-caption": ["Map showing the flooded districts (May 2021)", "Footage of the storm"],
    "gallery-counter": ["3 of 12"],
    "credited-caption": [
        "Divers search the canal near the old bridge (Image: KESTREL)",
        "A model of the new lock gates. Credit: Harbour Board",
    ],
    "tagged-teaser": ["Ferry timetable changes from April [VIDEO]"],
    "citation-footer": [
        "Citation: Bridge study (2021, May 2) retrieved 3 May 2021 from the lab site.",
        "This document is subject to copyright. Apart from fair dealing, no part may be used.",
    ],
    "share-phrase": ["Share this article", "WhatsApp", "Copy link"],
    "share-line": ["Share this with Messenger", "Follow Kestrel News on Instagram"],
    "cookie": [
        "We use cookies to give you the best experience on our website.",
        "Manage cookies",
    ],
    "cookie-phrase": ["Cookies\nAccept all"],
    "newsletter": [
        "Sign up for our morning newsletter",
        "Get the top headlines delivered to your inbox every morning.",
    ],
    "newsletter-phrase": ["Enter your email address"],
}

# Body lines that share words with the rules above; none may be removed.
BODY_LINES = [
    "The regional governor asked neighbouring provinces to support the relief effort.",
    "Please read the evacuation notice carefully, the fire chief told residents.",
    "Readers of the Valley Times donated more than $40,000 to the shelter this month.",
    "Share prices of the operator fell 12% on Monday.",
    "The cookie factory on Mill Road employs 300 people.",
    "Subscribers to the water utility will get a refund, the council said.",
    "Monthly rents in the district have doubled since 2019.",
    "Once the water receded, crews began clearing the roads.",
    "Continue to avoid the coastal road, police said.",
    "Photos of the damage were shared widely on social media.",
    "Map makers had warned the council about the old levee years ago.",
    "Footage of the collapse, filmed by a passer-by, was broadcast that evening.",
    "Related charges were filed against two contractors on Friday.",
    "The credit union said: funds would be released on Monday.",
    "The harbour board (image: a modern port) wants new cranes by 2025.",
    "See more of the damage in our gallery, the editor wrote to readers.",
    "Copyright lawyers for the broadcaster declined to comment.",
    "Top officials met in the capital to discuss the response.",
    "Email records show the warning was sent on 2 May.",
    "Dear friends of the victims gathered outside the town hall.",
    "Not ready to give up, the families have hired a lawyer.",
    "We need your help to find the missing, a police spokesman said.",
    "Tags on the bodies were checked against the passenger list.",
    "Follow-up inspections found cracks in two other bridges.",
    "What happened on 7 March?",
    "How many people died?",
    "Who is responsible?",
]

ARTICLE_HEAD = "River floods in the Karvel Valley\n\n"
ARTICLE_TAIL = (
    "\n\nRescue teams said at least 40 villagers were stranded after the river burst its "
    "banks on Thursday.\n\nThe governor said boats would reach the last villages by Saturday."
)


def _removed(text: str) -> list[tuple[str, str]]:
    _, removed = clean_text(ARTICLE_HEAD + text + ARTICLE_TAIL, mode="article")
    return [(r.text, r.reason) for r in removed]


@pytest.mark.parametrize(
    ("rule_name", "example"),
    [(name, example) for name, examples in JUNK_EXAMPLES.items() for example in examples],
)
def test_rule_removes_its_examples(rule_name: str, example: str) -> None:
    rule = next(r for r in default_rules().rules if r.name == rule_name)
    removed = _removed(example)
    expected = [(line.text, rule.reason) for line in split_lines(example)]
    assert removed == expected


def test_every_rule_has_examples() -> None:
    names = {rule.name for rule in default_rules().rules}
    assert names == set(JUNK_EXAMPLES), "add examples for new junk.toml rules here"


def test_every_rule_documents_why() -> None:
    for rule in default_rules().rules:
        assert len(rule.why) > 20, rule.name


@pytest.mark.parametrize("line", BODY_LINES)
def test_body_lines_with_trigger_words_survive(line: str) -> None:
    assert _removed(line) == []


def test_body_lines_survive_page_mode_too() -> None:
    text = ARTICLE_HEAD + "\n\n".join(BODY_LINES) + ARTICLE_TAIL
    cleaned, removed = clean_text(text, mode="page")
    assert removed == []
    assert cleaned.split("\n\n") == [line.strip() for line in text.split("\n\n")]


def test_run_rules_need_a_neighbour() -> None:
    # One "Continue" or "Monthly" on its own between body paragraphs is not a widget.
    assert _removed("Continue") == []
    assert _removed("Monthly") == []


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"name": "x", "reason": "navigation", "why": "w"}, "needs 'phrases' or 'regex'"),
        ({"name": "x", "why": "w", "phrases": ["a"]}, "missing 'reason'"),
        ({"name": "x", "reason": "r", "why": "w", "regex": "("}, "bad regex"),
        ({"name": "x", "reason": "r", "why": "w", "phrases": ["a"], "colour": 1}, "unknown keys"),
        ({"name": "x", "reason": "r", "why": "w", "phrases": ["a"], "context": "page"}, "context"),
    ],
)
def test_malformed_rules_fail_loudly(rule: dict, message: str, junk_table) -> None:
    with pytest.raises(JunkTableError, match=message):
        compile_rules(junk_table(rule=[rule]))


def test_custom_table_applies_generically(junk_table) -> None:
    rules = compile_rules(
        junk_table(
            rule=[
                {
                    "name": "weather-box",
                    "reason": "widget",
                    "why": "An invented widget for this test.",
                    "regex": r"^Weather now: \d+°$",
                }
            ]
        )
    )
    _, removed = clean_text("Storm warning\nWeather now: 12°\nThe storm hit at noon.", rules=rules)
    assert [(r.text, r.reason) for r in removed] == [("Weather now: 12°", "widget")]
