"""`newstally serve`: the store as a web app with a JSON twin of every page (docs/api.md).

Starlette, Jinja2 and uvicorn are the optional extra ``newstally[web]``; without them
`create_app` and `serve` raise one clear error naming the install command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import NewstallyError

INSTALL_HINT = 'the web app needs its extra: pip install "newstally[web]"'


def _require() -> None:
    try:
        import jinja2  # noqa: F401
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:
        raise NewstallyError(f"{INSTALL_HINT} ({exc.name} is missing)") from None


def create_app(db: Path) -> Any:
    """The ASGI app serving the store at ``db`` (which must exist)."""
    _require()
    from .app import build_app

    return build_app(db)


def serve(db: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve ``db`` until interrupted; binds to 127.0.0.1 unless told otherwise."""
    app = create_app(db)
    import uvicorn

    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
