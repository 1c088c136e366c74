"""The web app's routes. Every request opens its own read-only connection and read
transaction, so pages stay consistent while `newstally add` commits (WAL), and new
articles show without a restart. Every page has a JSON twin under ``/api``.

Untrusted text is escaped by Jinja2's autoescaping; URLs become links only when they are
http(s); no page runs a script, and the Content-Security-Policy says so.
"""

from __future__ import annotations

import csv
import io
import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import orjson
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ..model import CATEGORIES
from ..reconcile.config import load_config
from ..store import EXPORTS, QueryError, StoryFilter, connect
from ..store import query as q
from ..store.export import COLUMNS, flat_rows
from .text import highlighted_text

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
# The chart is an image: its SVG styles itself inline and never runs scripts.
CHART_CSP = "default-src 'none'; style-src 'unsafe-inline'"
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
STATIC = Path(__file__).parent / "static"


def safe_url(url: object) -> str | None:
    """``url`` when it is an absolute http(s) URL, else None (never a link)."""
    if not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url.strip()
    return None


def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("newstally.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["idq"] = lambda value: quote(str(value), safe="")
    env.filters["safe_url"] = safe_url
    env.filters["num"] = lambda v: "?" if v is None else f"{v:,}"
    env.globals["label"] = load_config().label
    env.globals["categories"] = CATEGORIES
    return env


class Desk:
    """The routes over one store file."""

    def __init__(self, db: Path) -> None:
        self.db = db
        connect(db).close()  # fail now, with the store's own message, if unusable
        self.env = _env()

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        conn = connect(self.db)
        try:
            conn.execute("BEGIN")  # one snapshot for the whole request
            yield conn
        finally:
            conn.close()

    def stored(
        self, get: Callable[[sqlite3.Connection, str], Any], request: Request, noun: str
    ) -> Any:
        """The stored record whose id the path names, or a 404 naming it."""
        key = request.path_params["id"]
        with self.read() as conn:
            found = get(conn, key)
        if found is None:
            raise HTTPException(404, f"no {noun} {key!r}")
        return found

    def page(self, name: str, status: int = 200, **context: Any) -> Response:
        html = self.env.get_template(name).render(**context)
        return Response(html, status_code=status, media_type="text/html; charset=utf-8")

    # --- the story list ------------------------------------------------------------------

    def _listing(self, request: Request) -> dict[str, Any]:
        params = request.query_params
        flt = StoryFilter.parse(dict(params))
        page = _int(params.get("page"), "page", 1)
        per_page = _int(params.get("per_page"), "per_page", 25)
        with self.read() as conn:
            return q.list_stories(conn, flt, page, per_page)

    def index(self, request: Request) -> Response:
        listing = self._listing(request)
        filters = listing["filters"]

        def link(**change: Any) -> str:
            params = {**filters, "page": listing["page"], "per_page": listing["per_page"]}
            params.update(change)
            return "?" + urlencode({k: v for k, v in params.items() if v})

        return self.page(
            "list.html", listing=listing, link=link, csv="/stories.csv?" + urlencode(filters)
        )

    def api_index(self, request: Request) -> Response:
        return _json(self._listing(request))

    def stories_csv(self, request: Request) -> Response:
        return self._export(request, "stories", "csv")

    def export(self, request: Request) -> Response:
        what, fmt = request.path_params["what"], request.path_params["fmt"]
        if what not in EXPORTS or fmt not in ("csv", "jsonl"):
            raise HTTPException(404, f"no export {what}.{fmt}")
        return self._export(request, what, fmt)

    def _export(self, request: Request, what: str, fmt: str) -> Response:
        flt = StoryFilter.parse(dict(request.query_params))
        with self.read() as conn:
            records = list(q.export_records(conn, what, flt))
        if fmt == "jsonl":
            body = b"".join(orjson.dumps(r) + b"\n" for r in records)
            media = "application/x-ndjson"
        else:
            buffer = io.StringIO()
            writer = csv.DictWriter(buffer, fieldnames=COLUMNS[what])
            writer.writeheader()
            writer.writerows(flat_rows(what, records))
            body = buffer.getvalue().encode("utf-8")
            media = "text/csv; charset=utf-8"
        return Response(
            body,
            media_type=media,
            headers={"Content-Disposition": f'attachment; filename="{what}.{fmt}"'},
        )

    # --- a story ---------------------------------------------------------------------------

    def _story(self, request: Request) -> dict[str, Any]:
        return self.stored(q.get_story, request, "story")

    def story(self, request: Request) -> Response:
        data = self._story(request)
        slots = [
            {"slot": slot, "links": _estimate_links(slot, data["figures"])}
            for slot in data["story"]["slots"]
        ]
        return self.page("story.html", data=data, story=data["story"], slots=slots)

    def api_story(self, request: Request) -> Response:
        data = self._story(request)
        data.pop("has_chart")
        return _json(data)

    def chart(self, request: Request) -> Response:
        story_id = request.path_params["id"]
        with self.read() as conn:
            svg = q.get_chart(conn, story_id)
        if not svg:
            raise HTTPException(404, f"no chart for story {story_id!r}")
        headers = {**SECURITY_HEADERS, "Content-Security-Policy": CHART_CSP}
        return Response(standalone_svg(svg), media_type="image/svg+xml", headers=headers)

    # --- an article and a figure -----------------------------------------------------------

    def _article(self, request: Request) -> dict[str, Any]:
        return self.stored(q.get_article, request, "article")

    def article(self, request: Request) -> Response:
        data = self._article(request)
        chosen = request.query_params.get("figure")
        figures = data["figures"]
        if chosen and chosen not in {f["id"] for f in figures}:
            raise HTTPException(400, f"figure: {chosen!r} is not a figure of this article")
        body = highlighted_text(data["article"]["text"], figures, chosen)
        return self.page(
            "article.html", data=data, a=data["article"], body=Markup(body), chosen=chosen
        )

    def api_article(self, request: Request) -> Response:
        return _json(self._article(request))

    def _figure(self, request: Request) -> dict[str, Any]:
        return self.stored(q.get_figure, request, "figure")

    def figure(self, request: Request) -> Response:
        figure = self._figure(request)
        target = f"/articles/{quote(figure['article'], safe='')}?" + urlencode(
            {"figure": figure["id"]}
        )
        return RedirectResponse(target + "#hl", status_code=303)

    def api_figure(self, request: Request) -> Response:
        return _json(self._figure(request))

    def style(self, request: Request) -> Response:
        return Response((STATIC / "style.css").read_bytes(), media_type="text/css")

    # --- errors ----------------------------------------------------------------------------

    def error(self, request: Request, status: int, message: str) -> Response:
        if request.url.path.startswith("/api/"):
            return _json({"error": message, "status": status}, status)
        return self.page("error.html", status=status, status_code=status, message=message)


_VIEWBOX = re.compile(r'viewBox="[\d.]+ [\d.]+ ([\d.]+) ([\d.]+)"')


def standalone_svg(svg: str) -> str:
    """The chart's inline SVG as a file of its own: the namespaces an XML parser needs
    (inline SVG in HTML goes without) and a size from its viewBox."""
    head, sep, rest = svg.partition("<svg")
    if not sep:
        return svg
    end = rest.index(">")
    attrs = rest[:end]
    extra = ""
    if "xmlns=" not in attrs:
        extra += ' xmlns="http://www.w3.org/2000/svg"'
    if "xlink:" in svg and "xmlns:xlink" not in attrs:
        extra += ' xmlns:xlink="http://www.w3.org/1999/xlink"'
    size = _VIEWBOX.search(attrs)
    if size and " width=" not in attrs:
        extra += f' width="{size.group(1)}" height="{size.group(2)}"'
    return f"{head}<svg{extra}{rest}"


def _int(value: str | None, name: str, default: int) -> int:
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise QueryError(f"{name}: not a whole number: {value!r}") from None


def _json(data: Any, status: int = 200) -> Response:
    return Response(
        orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS),
        status_code=status,
        media_type="application/json",
    )


def _estimate_links(slot: dict[str, Any], figures: dict[str, Any]) -> dict[str, str | None]:
    """For each of a slot's low, best and high, a figure of the slot that states that
    number (its value, or its bound for low and high), when one does."""
    links: dict[str, str | None] = {}
    held = [figures[f] for f in slot["figures"] if f in figures]
    for name, keys in (
        ("low", ("low", "value")),
        ("best", ("value",)),
        ("high", ("high", "value")),
    ):
        number = slot.get(name)
        links[name] = next(
            (
                f["id"]
                for key in keys
                for f in held
                if number is not None and f["quantity"].get(key) == number
            ),
            None,
        )
    return links


def _handlers(desk: Desk) -> dict[Any, Callable[..., Any]]:
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return desk.error(request, exc.status_code, str(exc.detail))

    async def bad_query(request: Request, exc: QueryError) -> Response:
        return desk.error(request, 400, str(exc))

    async def unexpected(request: Request, exc: Exception) -> Response:
        # Never a traceback: the message names the kind of failure only.
        return desk.error(request, 500, f"internal error ({type(exc).__name__})")

    return {HTTPException: http_error, QueryError: bad_query, Exception: unexpected}


def build_app(db: Path) -> SecurityHeaders:
    desk = Desk(db)
    routes = [
        Route("/", desk.index),
        Route("/api/stories", desk.api_index),
        Route("/stories.csv", desk.stories_csv),
        Route("/export/{what}.{fmt}", desk.export),
        Route("/stories/{id}/chart.svg", desk.chart),
        Route("/stories/{id}", desk.story),
        Route("/api/stories/{id}", desk.api_story),
        Route("/articles/{id:path}", desk.article),
        Route("/api/articles/{id:path}", desk.api_article),
        Route("/figures/{id:path}", desk.figure),
        Route("/api/figures/{id:path}", desk.api_figure),
        Route("/static/style.css", desk.style),
    ]
    return SecurityHeaders(Starlette(routes=routes, exception_handlers=_handlers(desk)))


class SecurityHeaders:
    """ASGI wrapper adding `SECURITY_HEADERS` to every response, errors included (a
    response that sets its own policy, like the chart, keeps it)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                for key, value in SECURITY_HEADERS.items():
                    if key.lower().encode() not in present:
                        headers.append((key.lower().encode(), value.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
