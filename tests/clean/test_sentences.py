"""Junk sentences inside long lines (texts flattened to one line): the sentence rules."""

from __future__ import annotations

import pytest

from newstally.clean import JunkTableError, clean_text, compile_rules, default_rules

# Body sentences of an invented one-line article; long enough that the line is read
# sentence by sentence.
BODY = (
    "Floodwater rose through the night in the river town of Karvel, and by morning the "
    "lower market was under a metre of water. Emergency crews from Dunmore moved forty "
    "families to the school on the hill, the mayor, Ilse Marrow, said on Tuesday. The "
    "river is expected to crest on Thursday, the regional water board said."
)

# Rule name -> (junk written into a one-line text, the piece that rule must cut).
SENTENCE_EXAMPLES: dict[str, tuple[str, str]] = {
    "paywall-sentence": (
        "You have reached the limit for free access to our reporting.",
        "You have reached the limit for free access to our reporting.",
    ),
    "form-fields": (
        "Email address First Name Last Name Organisation Job Title Telephone Country.",
        "Email address First Name Last Name Organisation Job Title Telephone Country.",
    ),
    "newsletter-box": (
        "Get The Karvel Courier's Daily Edition by email and never miss our top stories "
        "Free Sign Up Volunteers filled sandbags at the bridge.",
        "Get The Karvel Courier's Daily Edition by email and never miss our top stories "
        "Free Sign Up",
    ),
    "newsletter-sentence": (
        "Sign up to our newsletter to get the flood updates every morning.",
        "Sign up to our newsletter to get the flood updates every morning.",
    ),
    "browser-notice": (
        "Please enable JavaScript to view the comments.",
        "Please enable JavaScript to view the comments.",
    ),
    "inline-advertisement": (
        "Advertisement The bakery on Quay Street stayed open.",
        "Advertisement",
    ),
}

# Sentences that use the trigger words but are news: they must stay.
BODY_SENTENCES = [
    "The council said registered users of the ferry app would get refunds.",
    "Subscribers to the water board's text alerts were warned at midnight.",
    "The advertisement campaign for the festival was cancelled because of the flood.",
    "Sandbags were delivered to the school by the army on Wednesday.",
    "The mayor said the new password system for the flood gates had failed.",
]


@pytest.mark.parametrize("rule_name", list(SENTENCE_EXAMPLES))
def test_sentence_rule_cuts_its_example_from_a_one_line_text(rule_name: str) -> None:
    junk, piece = SENTENCE_EXAMPLES[rule_name]
    rule = next(r for r in default_rules().sentence_rules if r.name == rule_name)
    text = f"{BODY} {junk} {BODY}"
    cleaned, removed = clean_text(text)
    assert [(r.text, r.reason) for r in removed] == [(piece, rule.reason)]
    assert piece not in cleaned
    assert cleaned.count(BODY) == 2


def test_every_sentence_rule_has_an_example_and_a_reason_why() -> None:
    rules = default_rules().sentence_rules
    assert {rule.name for rule in rules} == set(SENTENCE_EXAMPLES)
    assert all(len(rule.why) > 20 for rule in rules)


@pytest.mark.parametrize("sentence", BODY_SENTENCES)
def test_news_sentences_with_trigger_words_survive(sentence: str) -> None:
    text = f"{BODY} {sentence} {BODY}"
    assert clean_text(text) == (text, [])


def test_junk_glued_after_a_headline_goes_and_the_headline_stays() -> None:
    text = (
        "Karvel braces for the river's crest TAKE A FREE TRIAL Registered users can read up "
        f"to 3 reports. {BODY}"
    )
    cleaned, removed = clean_text(text)
    assert cleaned == f"Karvel braces for the river's crest {BODY}"
    assert [r.reason for r in removed] == ["paywall"]


def test_lines_up_to_min_line_chars_are_not_read_by_sentence(junk_table) -> None:
    rules = compile_rules(junk_table(sentences={"min_line_chars": 300}))
    line = "Advertisement The bakery on Quay Street stayed open."
    assert clean_text(f"Karvel floods\n{line}", rules=rules) == (f"Karvel floods\n{line}", [])
    long_line = f"{BODY} {line}"
    assert clean_text(long_line, rules=rules)[0] == f"{BODY} The bakery on Quay Street stayed open."


def test_a_short_paywall_line_no_line_rule_knows_goes_too() -> None:
    text = (
        "Karvel braces for the river's crest\n"
        "You have reached the limit for free access to our valuable work.\n"
        "Subscribers, click below to login or register to continue reading the Courier."
    )
    cleaned, removed = clean_text(text)
    assert cleaned == "Karvel braces for the river's crest"
    assert [r.reason for r in removed] == ["paywall", "paywall"]


def test_a_line_of_nothing_but_junk_is_removed_whole() -> None:
    junk = " ".join(
        [
            "You have reached the limit for free access to our work.",
            "Subscribers, click below to login or register your subscription today.",
            "Email address First Name Last Name Organisation Job Title Telephone City.",
            "To access the full text of the article, click here.",
        ]
        * 2
    )
    cleaned, removed = clean_text(f"{BODY}\n{junk}")
    assert cleaned == BODY
    assert [(r.text, r.reason) for r in removed] == [(junk, "paywall")]


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"name": "x", "why": "w", "regex": "a"}, "missing 'reason'"),
        ({"name": "x", "reason": "r", "why": "w"}, "missing 'regex'"),
        ({"name": "x", "reason": "r", "why": "w", "regex": "("}, "bad regex"),
        ({"name": "x", "reason": "r", "why": "w", "regex": "a", "cut": "all"}, "cut must be"),
        ({"name": "x", "reason": "r", "why": "w", "regex": "a", "colour": 1}, "unknown keys"),
    ],
)
def test_malformed_sentence_rules_fail_loudly(rule: dict, message: str, junk_table) -> None:
    with pytest.raises(JunkTableError, match=message):
        compile_rules(junk_table(sentence_rule=[rule]))
