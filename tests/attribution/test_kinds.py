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
