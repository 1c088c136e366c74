"""The web app over a real store, through a real `newstally serve` on a free port."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from corpus import HOSTILE, write_jsonl
from webserver import serving

from newstally.pipeline import add_to_store, export_from_store
from newstally.settings import Settings
from newstally.web.app import CSP


class Reply:
    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self):
        return json.loads(self.body)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url: str, *, follow: bool = True) -> Reply:
    opener = urllib.request.build_opener() if follow else urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=30) as r:
            return Reply(r.status, {k.lower(): v for k, v in r.headers.items()}, r.read())
    except urllib.error.HTTPError as e:
        return Reply(e.code, {k.lower(): v for k, v in e.headers.items()}, e.read())


def story_ids(base: str, **params: str) -> list[str]:
    query = "&".join(f"{k}={quote(v)}" for k, v in params.items())
    return [s["id"] for s in get(f"{base}/api/stories?{query}").json()["stories"]]


def test_list_newest_first_with_toll_outlets_agreement(server) -> None:
    listing = get(server + "/api/stories").json()
    assert listing["total"] == len(listing["stories"]) >= 2
    ends = [s["end"] for s in listing["stories"]]
    assert ends == sorted(ends, reverse=True)
    flood = next(s for s in listing["stories"] if "Keltmoor" in s["title"])
    assert flood["headline"]["category"] == "killed" and flood["headline"]["best"] is not None
    assert flood["outlets"] == ["Harbour Post", "Keltmoor Daily"]
    assert flood["agreement"] in ("agree", "conflict")
    page = get(server + "/")
    assert page.status == 200
    for story in listing["stories"]:
        assert f"/stories/{story['id']}" in page.text


def test_search_filters_and_pagination(server) -> None:
    flood = story_ids(server, q="Varra")
    assert len(flood) == 1
    assert story_ids(server, q="Varra OR Dunmore") == story_ids(server)
    assert story_ids(server, outlet="Keltmoor Daily") == flood
    assert story_ids(server, category="displaced") == flood
    assert story_ids(server, until="2031-03-31") == flood
    assert flood[0] not in story_ids(server, since="2031-06-01")
    first = get(server + "/api/stories?per_page=1&page=1").json()
    second = get(server + "/api/stories?per_page=1&page=2").json()
    assert first["pages"] == first["total"] and first["stories"] != second["stories"]
    html = get(server + "/?per_page=1&page=1").text
    assert 'rel="next"' in html


@pytest.mark.parametrize(
    "path",
    [
        "/?q=%22unbalanced",
        "/api/stories?q=%22unbalanced",
        "/?q=NEAR(",
        "/?q=AND",
        "/?q=nosuchcolumn:x",
        "/api/stories?page=0",
        "/api/stories?page=x",
        "/api/stories?per_page=100000",
        "/?since=2031-13-45",
        "/?until=tomorrow",
        "/?category=%3Cscript%3E",
        "/stories.csv?q=%22x",
        "/api/stories?q=" + "x" * 600,
    ],
)
def test_bad_parameters_are_400_with_a_message(server, path: str) -> None:
    reply = get(server + path)
    assert reply.status == 400, reply.text
    assert "Traceback" not in reply.text
    if path.startswith("/api/"):
        assert reply.json()["error"]


@pytest.mark.parametrize(
    "path",
    [
        "/stories/s-00000000",
        "/api/stories/s-00000000",
        "/stories/s-00000000/chart.svg",
        "/articles/nope",
        "/api/articles/%3Cscript%3E",
        "/figures/nope:f1",
        "/api/figures/nope",
        "/export/secrets.csv",
        "/no/such/page",
    ],
)
def test_unknown_ids_are_404(server, path: str) -> None:
    reply = get(server + path)
    assert reply.status == 404
    assert "Traceback" not in reply.text
    assert reply.headers["content-security-policy"] == CSP


def test_story_page_and_its_json_twin(server, desk) -> None:
    _, _, out = desk
    stories = json.loads((out / "stories.json").read_text())["stories"]
    flood = next(s for s in stories if "Harbour Post" in s["outlets"])
    twin = get(f"{server}/api/stories/{flood['id']}").json()
    assert twin["story"] == flood
    page = get(f"{server}/stories/{flood['id']}")
    assert page.status == 200
    assert page.headers["content-security-policy"] == CSP
    # every figure of every slot is one click from its highlighted sentence
    for slot in flood["slots"]:
        for fid in slot["figures"]:
            assert f"?figure={quote(fid)}#hl" in page.text
    assert f'src="/stories/{flood["id"]}/chart.svg"' in page.text
    chart = get(f"{server}/stories/{flood['id']}/chart.svg")
    assert chart.status == 200 and chart.headers["content-type"].startswith("image/svg+xml")
    assert "<script" not in chart.text


def test_a_figure_leads_to_its_highlighted_sentence(server, desk) -> None:
    _, _, out = desk
    figures = [json.loads(line) for line in (out / "figures.jsonl").read_text().splitlines()]
    figure = next(f for f in figures if f["article"] == "daily-1")
    hop = get(f"{server}/figures/{quote(figure['id'])}", follow=False)
    assert hop.status == 303
    page = get(server + hop.headers["location"])
    assert '<mark class="hl" id="hl">' in page.text
    # the highlighted sentence comes in pieces (the figure's words are marked apart)
    marked = re.findall(r'<mark class="hl"[^>]*>(.*?)</mark>', page.text, re.S)
    assert figure["quantity"]["text"] in re.sub(r"<[^>]+>", "", "".join(marked))
    assert get(f"{server}/api/figures/{quote(figure['id'])}").json() == figure


def test_article_page_shows_text_junk_figures_statements(server) -> None:
    twin = get(server + "/api/articles/harbour-1").json()
    assert twin["article"]["id"] == "harbour-1" and twin["figures"] and twin["statements"]
    page = get(server + "/articles/harbour-1").text
    assert "Rescue teams searched the" in page and "Figures" in page and "Statements" in page


def test_hostile_article_is_escaped_and_its_url_is_no_link(server) -> None:
    story = next(s for s in story_ids(server, q="Dunmore"))
    pages = [
        get(server + "/").text,
        get(server + "/?q=Dunmore").text,
        get(f"{server}/stories/{story}").text,
        get(server + "/articles/hostile-1").text,
    ]
    for page in pages:
        assert "<script>" not in page and "<img src=x" not in page
        assert 'href="javascript' not in page.lower()
        # the attribute only as escaped text (the templates escape ' as &#39;, the
        # article text as &#x27;)
        inert = page.replace("onerror=alert(&#39;", "").replace("onerror=alert(&#x27;", "")
        assert "onerror=alert" not in inert
    article = pages[-1]
    assert "&lt;script&gt;alert(&#39;body&#39;)&lt;/script&gt;" in article
    assert "javascript:alert(&#39;url&#39;)" in article  # shown as text, not as a link
    twin = get(server + "/api/articles/hostile-1").json()
    assert twin["article"]["title"] == HOSTILE["title"]


def test_csv_of_a_filtered_list_is_the_export(server, desk, tmp_path: Path) -> None:
    _, db, _ = desk
    reply = get(server + "/stories.csv?q=Dunmore")
    assert reply.headers["content-type"].startswith("text/csv")
    export_from_store(db, "stories", "csv", tmp_path / "s.csv", {"q": "Dunmore"})
    assert reply.body == (tmp_path / "s.csv").read_bytes()
    rows = list(csv.DictReader(io.StringIO(get(server + "/export/figures.csv?q=Varra").text)))
    assert rows and {r["article"] for r in rows} == {"harbour-1", "daily-1"}
    lines = get(server + "/export/figures.jsonl?q=Varra").text.splitlines()
    assert [json.loads(x)["id"] for x in lines] == [r["id"] for r in rows]


def test_keeps_answering_while_add_writes(tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    add_to_store([str(write_jsonl(tmp_path / "a.jsonl", [HOSTILE]))], db, Settings(jobs=1))
    from corpus import many

    more = write_jsonl(tmp_path / "b.jsonl", many(12))
    with serving(db) as base:
        before = get(base + "/api/stories").json()["total"]
        statuses: list[int] = []
        done = threading.Event()

        def poll() -> None:
            while not done.is_set():
                statuses.append(get(base + "/api/stories?q=storm").status)
                statuses.append(get(base + "/").status)
                time.sleep(0.01)

        poller = threading.Thread(target=poll)
        poller.start()
        try:
            add_to_store([str(more)], db, Settings(jobs=1), batch=1)
        finally:
            done.set()
            poller.join()
        assert statuses and set(statuses) == {200}
        after = get(base + "/api/stories").json()["total"]
        assert after > before  # new stories without a restart
        assert get(base + "/api/stories?q=storm").json()["total"] >= 1


def test_binds_to_loopback_by_default(desk) -> None:
    import socket

    _, db, _ = desk
    with serving(db) as base:
        assert base.startswith("http://127.0.0.1:")
        port = int(base.rsplit(":", 1)[1])
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: this picks the outward address
            outward = probe.getsockname()[0]
        if outward.startswith("127."):
            pytest.skip("this machine has no address besides loopback")
        with socket.socket() as s, pytest.raises(OSError):
            s.settimeout(2)
            s.connect((outward, port))


def test_missing_web_extra_names_the_install(monkeypatch, desk) -> None:
    from newstally.errors import NewstallyError
    from newstally.web import create_app

    monkeypatch.setitem(sys.modules, "starlette", None)
    with pytest.raises(NewstallyError, match=r'pip install "newstally\[web\]"'):
        create_app(desk[1])


PLACES = [
    {
        "id": "lyon-1",
        "outlet": "Rhone Wire",
        "url": "https://rhonewire.example/lyon-storm",
        "published": "2031-05-02",
        "title": "Storm kills 12 in Lyon",
        "text": "A storm killed 12 people in Lyon, France, on Monday, police said.\n\n"
        "Advertisement\n\nRoofs were torn off across the old town of Lyon.",
    },
    {
        "id": "lyon-2",
        "outlet": "Saone Herald",
        "url": "https://saoneherald.example/lyon",
        "published": "2031-05-02",
        "title": "Lyon storm: 14 dead",
        "text": "The storm that hit Lyon, France, on Monday killed 14 people, the regional "
        "hospital service said.",
    },
    {
        "id": "porto-1",
        "outlet": "Douro Daily",
        "url": "https://dourodaily.example/porto-fire",
        "published": "2031-05-09",
        "title": "Warehouse fire kills 3 in Porto",
        "text": "A warehouse fire killed 3 workers in Porto, Portugal, on Friday, "
        "firefighters said.",
    },
]


@pytest.fixture(scope="module")
def places(tmp_path_factory):
    """A server over a store of reports that name real places (the model's entities),
    two of them disagreeing, one with a line of page junk."""
    tmp = tmp_path_factory.mktemp("places")
    db = tmp / "places.db"
    add_to_store([str(write_jsonl(tmp / "p.jsonl", PLACES))], db, Settings(jobs=1))
    with serving(db) as base:
        yield base


def test_place_filter_in_the_list_its_twin_and_its_csv(places) -> None:
    """A story's places are those of its slots (named places the figures give)."""
    base = places
    lyon = story_ids(base, place="lyon")  # case-insensitive
    porto = story_ids(base, place="Portugal")
    assert len(lyon) == 1 and len(porto) == 1 and lyon != porto
    assert story_ids(base, place="Atlantis") == []
    page = get(base + "/?place=Lyon").text
    assert f"/stories/{lyon[0]}" in page and f"/stories/{porto[0]}" not in page
    rows = list(csv.DictReader(io.StringIO(get(base + "/stories.csv?place=Lyon").text)))
    assert [r["id"] for r in rows] == lyon
    figures = get(base + "/export/figures.jsonl?place=Portugal").text.splitlines()
    assert figures and {json.loads(x)["article"] for x in figures} == {"porto-1"}


def test_story_page_shows_conflicts_and_article_page_its_junk(places) -> None:
    base = places
    (lyon,) = story_ids(base, q="Lyon")
    twin = get(f"{base}/api/stories/{lyon}").json()
    assert twin["brief"]["conflicts"]  # 12 from the police, 14 from the hospital service
    page = get(f"{base}/stories/{lyon}").text
    assert "<h2>Conflicts</h2>" in page
    for conflict in twin["brief"]["conflicts"]:
        assert conflict["text"] in html.unescape(page)
    article = get(base + "/articles/lyon-1").text
    removed = article.split("Removed by cleaning", 1)[1]
    assert "Advertisement" in removed and "Advertisement" not in article.split("Removed by")[0]
