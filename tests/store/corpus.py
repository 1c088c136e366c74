"""Articles written for the store and web tests (two invented events, three outlets, and a
hostile article), as JSONL input files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

FLOOD = [
    {
        "id": "harbour-1",
        "outlet": "Harbour Post",
        "url": "https://harbourpost.example/news/varra-flood",
        "published": "2031-03-03",
        "title": "Varra river flood kills 12 in Keltmoor",
        "text": (
            "Flooding along the Varra river killed 12 people in Keltmoor on Monday, the "
            "regional governor said.\n\nAt least 40 residents were injured and 300 families "
            "were displaced, according to the Red Crescent.\n\nRescue teams searched the "
            "lower town through the night as the water kept rising."
        ),
    },
    {
        "id": "daily-1",
        "outlet": "Keltmoor Daily",
        "url": "https://www.keltmoordaily.example/varra-flood/?utm_source=feed",
        "published": "2031-03-04",
        "title": "Death toll in Keltmoor flood rises to 15",
        "text": (
            "The death toll from the Varra river flood in Keltmoor rose to 15 on Tuesday, "
            "the regional governor said.\n\nOfficials said 52 people were injured.\n\n"
            "Rescue teams in Keltmoor kept searching the flooded lower town."
        ),
    },
]
FIRE = [
    {
        "id": "wire-1",
        "outlet": "Northern Wire",
        "url": "https://northernwire.example/2031/06/10/dunmore-factory-fire",
        "published": "2031-06-10",
        "title": "Factory fire in Dunmore kills three workers",
        "text": (
            "A fire at a textile factory in Dunmore killed three workers on Tuesday, the "
            "fire brigade said.\n\nFive more workers were taken to hospital with burns.\n\n"
            "The cause of the blaze at the Dunmore plant is not yet known."
        ),
    },
]
HOSTILE = {
    "id": "hostile-1",
    "outlet": "<script>alert('outlet')</script>Evil Times",
    "url": "javascript:alert('url')",
    "published": "2031-06-11",
    "title": "<img src=x onerror=alert('title')> Dunmore factory fire toll",
    "text": (
        "<script>alert('body')</script> The fire at the Dunmore textile factory killed four "
        "workers, the fire brigade said on Wednesday.\n\n"
        '<a href="javascript:alert(1)">click</a> Six workers were injured in the Dunmore blaze.'
    ),
}


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    return path


def many(n: int) -> list[dict[str, Any]]:
    """``n`` short, distinct reports of invented incidents in invented towns."""
    towns = ["Arvel", "Brisk", "Corran", "Dulmet", "Esker", "Fenwick", "Garrow", "Holm"]
    out = []
    for i in range(n):
        town = f"{towns[i % len(towns)]}{i // len(towns)}"
        out.append(
            {
                "id": f"many-{i}",
                "outlet": ["Harbour Post", "Keltmoor Daily", "Northern Wire"][i % 3],
                "url": f"https://news.example/{i}",
                "published": f"2031-01-{1 + i % 28:02d}",
                "title": f"Storm in {town} kills {i % 9 + 2}",
                "text": (
                    f"A storm struck {town} on Monday and killed {i % 9 + 2} people, local "
                    f"officials said. About {10 + i} homes in {town} were damaged."
                ),
            }
        )
    return out
