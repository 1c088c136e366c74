"""source_kind: official, media, organisation, person or unnamed."""

from __future__ import annotations

import pytest

from newstally.attribution import source_kind


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Veldoria's Foreign Ministry", "official"),
        ("the US", "official"),
        ("The Kremlin", "official"),
        ("the Pentagon", "official"),
        ("officials", "official"),
        ("the regional governor", "official"),
        ("police", "official"),
        ("Russia", "official"),
        ("the regional fire service", "official"),
        ("the Veldorian coast guard", "official"),
        ("Sen. Marta Quill", "official"),
        ("Gov. Ilan Brock", "official"),
        ("some outlets", "media"),
        ("media reports", "media"),
        ("independent media", "media"),
        ("A Reuters investigation", "media"),
        ("the Coastal Herald", "media"),
        ("the UN", "organisation"),
        ("Human Rights Watch", "organisation"),
        ("a hospital in Tarvik", "organisation"),
        ("the Red Lantern Society", "organisation"),
        ("Tomas Ilves", "person"),
        ("his mother", "person"),
        ("Relatives of the missing sailors", "person"),
        ("Some reports", "unnamed"),
        ("sources", "unnamed"),
        ("witnesses", "unnamed"),
        ("it", "unnamed"),
        ("", "unnamed"),
    ],
)
def test_kinds(name: str, kind: str) -> None:
    assert source_kind(name) == kind


def test_entity_label_decides_an_unknown_name() -> None:
    assert source_kind("Zentrix", "ORG") == "organisation"
    assert source_kind("Zentrix", "GPE") == "official"


def test_unlabelled_name_takes_the_kind_of_a_body_in_apposition() -> None:
    assert source_kind("Corvane, the mining company") == "organisation"
    assert source_kind("Corvane, a Veldorian bank") == "organisation"


def test_apposition_that_is_not_a_body_leaves_the_name_alone() -> None:
    # The apposition's head decides, not any word in it.
    assert source_kind("Marta Quill, the company founder") == "person"
    assert source_kind("Marta Quill, who works for the charity") == "person"
    # Not an apposition: "who" is also the WHO in the organisation table.
    assert source_kind("delegates, or party leaders who") == "unnamed"
    # An entity label decides before the apposition is read.
    assert source_kind("Corvane, the mining company", "PERSON") == "person"
