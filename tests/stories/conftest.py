"""Invented reports for the story tests (outlets, places and people are made up).

Event "ardel": gunmen attack the market of the town of Ardel, Vesk province, Norland, on
2025-06-07, told by three outlets in their own words (one a day later), and a wire story
reprinted almost word for word by a second outlet.
Event "morvay": gunmen attack a police checkpoint near Morvay, in the same province, the
next day: the same kind of event, a different place.
Event "tarn": an earthquake in the Tarn valley, Norland, on 2025-06-07.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newstally.model import Article

WIRE_ARDEL = (
    "ARDEL, Norland (Pellam Wire) - Gunmen on motorbikes opened fire on shoppers at the "
    "Saturday market in Ardel, a town in Norland's Vesk province, killing nine people, the "
    "provincial governor said.\n"
    "Governor Tomas Hale said twenty people had been wounded and taken to hospitals in Ardel "
    "and in the provincial capital, Quenby.\n"
    "Witnesses said the attackers set fire to a row of stalls before they fled towards the "
    "forest east of the town. No group has claimed the attack.\n"
    "Vesk province has seen a string of raids by armed groups over the past two years."
)

TEXTS: dict[str, dict[str, str | None]] = {
    "ardel-lantern": {
        "outlet": "The Lantern Post",
        "published": "2025-06-07T12:10:00+00:00",
        "title": "Gunmen kill nine at Ardel market",
        "text": (
            "Gunmen kill nine at Ardel market\n"
            "Armed men on motorbikes stormed the weekly market in Ardel on Saturday morning, "
            "shooting at traders and setting stalls alight, officials in Vesk province said.\n"
            "Nine people were killed and about twenty wounded, according to the provincial "
            'governor, Tomas Hale. "The attackers came from the forest and went back into it," '
            "Hale told reporters in Quenby.\n"
            "Ardel, a farming town of some 15,000 people, lies on the road from Quenby to the "
            "northern border. Police said they had sent reinforcements to the town."
        ),
    },
    "ardel-coastline": {
        "outlet": "Coastline Radio",
        "published": "2025-06-07T19:45:00+00:00",
        "title": "Ardel buries its dead after market massacre",
        "text": (
            "Residents of Ardel buried nine of their neighbours on Saturday evening, hours "
            "after gunmen on motorbikes raided the town's busy market.\n"
            "Mira Solt, a fruit seller, said the men burned her stall and fired at the crowd. "
            '"They shot everyone who ran," she told Coastline Radio.\n'
            "Governor Tomas Hale said about twenty wounded were being treated in Ardel and "
            "Quenby. Soldiers were searching the forest near the town."
        ),
    },
    "ardel-fen": {
        "outlet": "Fen Daily",
        "published": "2025-06-08T09:30:00+00:00",
        "title": "Ardel market attack: toll rises to eleven",
        "text": (
            "The number of people killed in Saturday's attack on the market in Ardel has risen "
            "to eleven after two of the wounded died in hospital in Quenby, Governor Tomas Hale "
            "said on Sunday.\n"
            "Mira Solt and other traders said they would not reopen their stalls until the "
            "army guards the town. The attackers fled into the forest east of Ardel."
        ),
    },
    "ardel-wire": {
        "outlet": "Pellam Wire",
        "published": "2025-06-07T10:05:00+00:00",
        "title": "Gunmen kill nine in Norland market attack",
        "text": WIRE_ARDEL,
    },
    "ardel-wire-copy": {
        "outlet": "The Morning Ledger",
        "published": "2025-06-07T11:40:00+00:00",
        "title": "Nine killed as gunmen attack Ardel market",
        "text": WIRE_ARDEL.replace(
            "over the past two years.", "over the past two years, the governor's office said."
        )
        + "\nThe Morning Ledger has asked the police for comment.",
    },
    "morvay-lantern": {
        "outlet": "The Lantern Post",
        "published": "2025-06-08T15:00:00+00:00",
        "title": "Four police officers killed at Morvay checkpoint",
        "text": (
            "Four police officers killed at Morvay checkpoint\n"
            "Gunmen attacked a police checkpoint outside Morvay in Vesk province on Sunday "
            "afternoon, killing four officers, the Interior Ministry said.\n"
            "Two of the attackers were killed in the exchange of fire. The checkpoint guards "
            "the bridge over the Lisse river on the road from Morvay to the coast.\n"
            "Interior Minister Anselm Vor said the gunmen had come by boat. No group has "
            "claimed the attack."
        ),
    },
    "tarn-lantern": {
        "outlet": "The Lantern Post",
        "published": "2025-06-07T08:00:00+00:00",
        "title": "Earthquake shakes Tarn valley, three dead",
        "text": (
            "A strong earthquake struck the Tarn valley in northern Norland before dawn on "
            "Saturday, killing three people and damaging hundreds of homes, the national "
            "emergency agency said.\n"
            "The quake's epicentre lay ten kilometres below the village of Ossery. Rescue "
            "teams were searching collapsed farmhouses around Ossery and Callin."
        ),
    },
}


def make(key: str, **changes: object) -> Article:
    """A fresh Article for one of TEXTS (changes override fields, e.g. published=None)."""
    fields: dict[str, object] = {"id": key, "origin": f"test:{key}", **TEXTS[key]}
    fields.update(changes)
    return Article(**fields)  # type: ignore[arg-type]


@pytest.fixture
def article() -> Callable[..., Article]:
    return make
