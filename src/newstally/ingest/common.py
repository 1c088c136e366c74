"""Helpers every reader shares: decoding, dates, ids, size bounds and building Articles."""

from __future__ import annotations

import codecs
import hashlib
import re
import time
from datetime import UTC, date, datetime

from ..model import Article, Removed
from ..settings import Settings
from .outlets import resolve_outlet
from .registry import InputProblem

# The reason of the `Removed` note an article gets when ingest changed characters.
INVALID_CHARACTERS = "invalid-characters"
# Bytes that binary tests look at.
_SAMPLE_BYTES = 8192
# Binary data: more than one byte in _NUL_SHARE is NUL, or one in _CONTROL_SHARE a control.
_NUL_SHARE = 100
_CONTROL_SHARE = 10
# Control characters that never occur in text (tab, LF, FF, CR and ESC are allowed).
_CONTROL_BYTES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1B}
_CONTROL_BYTES_DELETE = bytes(sorted(_CONTROL_BYTES))
# Non-ASCII cp1252 bytes that are plausible on their own in English news text:
# euro, ellipsis, curly quotes, dashes, trade mark, and the Latin-1 symbols A0-BF.
_CP1252_SYMBOLS = frozenset([0x80, 0x85, 0x91, 0x92, 0x93, 0x94, 0x96, 0x97, 0x99]) | frozenset(
    range(0xA0, 0xC0)
)
# Latin-1 letters (A-grave .. y-diaeresis without the multiplication and division signs).
_LATIN1_LETTERS = frozenset(range(0xC0, 0x100)) - {0xD7, 0xF7}
_TEXT_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Terminal control sequences (CSI "ESC [ ... letter", OSC "ESC ] ... BEL/ST", two-character
# escapes): removed whole, so that no "[2J" is left behind when ESC goes.
TERMINAL_SEQUENCE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[ -/]*[0-~])|\x9b[0-?]*[ -/]*[@-~]"
)
# Characters no text holds: lone UTF-16 surrogates (JSON "\ud800", undecodable file names),
# C0 controls but tab, LF, FF and CR, DEL and the C1 controls.
_SURROGATES = re.compile("[\ud800-\udfff]")
_INVALID_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_BLANK_LINES = re.compile(r"\n[ \t]*\n[\s]*")
_SLUG_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_ID_NAME_CHARS = 48
_YEAR = re.compile(r"\b(1[89]|20)\d\d\b")
_MONTH_NAME = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.I)
_NUMBER = re.compile(r"\d+")

# A first line reads as a headline when it is short, has a few words with letters and
# does not end like a sentence or a label.
_HEADLINE_MAX_CHARS = 160
_HEADLINE_MIN_WORDS = 3
_HEADLINE_BAD_ENDINGS = (".", ",", ";", ":")
_WORD_WITH_LETTERS = re.compile(r"[^\W\d_]{2,}")


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text in any 8-bit or UTF-8 encoding: more than a stray
    NUL or control character (text with a few of them is text; ingest removes them)."""
    sample = data[:_SAMPLE_BYTES]
    if not sample:
        return False
    if sample.count(0) > len(sample) // _NUL_SHARE:
        return True
    # bytes.translate deletes the control bytes in C; the length lost is their count.
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES_DELETE))
    return controls > len(sample) // _CONTROL_SHARE


def _looks_like_cp1252(data: bytes) -> bool:
    """True when every non-ASCII byte reads as a cp1252 symbol or as a letter in a word."""
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    last = len(data) - 1
    for i, byte in enumerate(data):
        if byte < 0x80 or byte in _CP1252_SYMBOLS:
            continue
        if byte not in _LATIN1_LETTERS:
            return False
        before = data[i - 1] if i > 0 else 0x20
        after = data[i + 1] if i < last else 0x20
        if not (_is_letter_byte(before) or _is_letter_byte(after)):
            return False
    return True


def _is_letter_byte(byte: int) -> bool:
    return (0x41 <= byte <= 0x5A) or (0x61 <= byte <= 0x7A)


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Decode bytes as text: a declared charset, a BOM, UTF-8, or cp1252 when it fits.

    Never decodes with replacement characters: bytes that are none of these raise
    `InputProblem` naming the first bad byte.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputProblem(f"not valid UTF-16 text (offset {exc.start})") from exc
    if looks_binary(data):
        raise InputProblem("binary data, not text")
    if declared:
        try:
            return data.decode(declared)
        except LookupError:
            pass  # an unknown charset name: fall back to detection
        except UnicodeDecodeError:
            pass  # the page lies about its charset; detection below decides
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        if _looks_like_cp1252(data):
            return data.decode("cp1252")
        offset = bom + exc.start
        raise InputProblem(
            f"not valid UTF-8 text (byte 0x{data[offset]:02x} at offset {offset})"
        ) from exc


def sanitize(text: str) -> tuple[str, int]:
    """Valid Unicode without control characters: terminal sequences, NULs and other
    controls removed, lone surrogates replaced by U+FFFD; with the number of changes."""
    if text.isascii() and text.isprintable():
        return text, 0
    changes = 0
    text, n = TERMINAL_SEQUENCE.subn("", text)
    changes += n
    text, n = _INVALID_CHARS.subn("", text)
    changes += n
    text, n = _SURROGATES.subn("\ufffd", text)
    return text, changes + n


def display_name(name: str) -> str:
    """A file name as text that is valid UTF-8: bytes that are not UTF-8 (kept by
    `os.fsdecode` as lone surrogates) are written as ``\\xNN`` escapes."""
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return name.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


def normalize_text(text: str) -> str:
    """Unix line ends, no control characters, paragraphs separated by one blank line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = _TEXT_CONTROL_CHARS.sub("", TERMINAL_SEQUENCE.sub("", text))
    lines = [line.rstrip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def blocks_to_text(blocks: list[str]) -> str:
    """Join extracted blocks (paragraphs, headings) as paragraphs of plain text."""
    return normalize_text("\n\n".join(b.strip() for b in blocks if b and b.strip()))


def headline_of(text: str) -> str | None:
    """The first line of ``text`` when it reads as a headline, else None."""
    first = text.lstrip().split("\n", 1)[0].strip()
    if not first or len(first) > _HEADLINE_MAX_CHARS or first.endswith(_HEADLINE_BAD_ENDINGS):
        return None
    if len(_WORD_WITH_LETTERS.findall(first)) < _HEADLINE_MIN_WORDS:
        return None
    return first


def iso_published(value: object) -> str | None:
    """An ISO date or datetime for a date given as text, datetime or struct_time."""
    if value is None or value == "":
        return None
    if isinstance(value, time.struct_time):
        return datetime(*value[:6], tzinfo=UTC).isoformat()
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text).isoformat()
        return datetime.fromisoformat(text).isoformat()
    except ValueError:
        pass
    # dateutil fills missing parts from today's date; only let it read complete dates.
    numbers = len(_NUMBER.findall(text))
    if not _YEAR.search(text) or numbers < (2 if _MONTH_NAME.search(text) else 3):
        return None
    from dateutil import parser as date_parser

    try:
        parsed = date_parser.parse(text)
    except (ValueError, OverflowError):
        return None
    return parsed.isoformat()


def language_tag(value: object) -> str | None:
    """The primary language subtag, lower case ("en-GB" -> "en"), or None."""
    if not isinstance(value, str):
        return None
    primary = value.strip().replace("_", "-").split("-", 1)[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None


def article_id(name: str, text: str) -> str:
    """A stable id: a slug of ``name`` plus a short hash of the text."""
    slug = _SLUG_UNSAFE.sub("_", name).strip("_")[:_ID_NAME_CHARS] or "article"
    digest = hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()[:8]
    return f"{slug}-{digest}"


def id_name_for(file_name: str) -> str:
    """A file name without its format suffixes: "crawl.warc.gz" -> "crawl"."""
    from .registry import known_suffix

    suffix = known_suffix(file_name)
    if suffix and len(file_name) > len(suffix):
        return file_name[: -len(suffix)]
    return file_name.split(".", 1)[0] or file_name


def bound_text(text: str, limit: int) -> tuple[str, Removed | None]:
    """Cut ``text`` longer than ``limit`` characters at a paragraph (else line, else word)
    boundary; the cut is reported as a `Removed` with reason "truncated"."""
    if len(text) <= limit:
        return text, None
    cut = -1
    for boundary in ("\n\n", "\n", " "):
        cut = text.rfind(boundary, 0, limit + 1)
        if cut >= limit // 2:
            break
    if cut < limit // 2:
        cut = limit
    kept = text[:cut].rstrip()
    return kept, Removed(text=f"[... {len(text) - len(kept)} characters cut]", reason="truncated")


def build_article(
    *,
    origin: str,
    id_name: str,
    text: str,
    settings: Settings,
    own_id: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    published: object = None,
    language: object = None,
) -> Article:
    """An Article from extracted parts: bounded text, stable id, resolved outlet, ISO date."""
    text, changes = sanitize(text)
    fields = {}
    for name, value in (("id", own_id), ("title", title), ("outlet", outlet), ("url", url)):
        fields[name], n = sanitize(value) if isinstance(value, str) else (None, 0)
        changes += n
    own_id, title, outlet, url = fields["id"], fields["title"], fields["outlet"], fields["url"]
    if isinstance(published, str):
        published = sanitize(published)[0]
    if isinstance(language, str):
        language = sanitize(language)[0]
    text = normalize_text(text)
    if not text:
        raise InputProblem("no article text found")
    text, cut = bound_text(text, settings.max_article_chars)
    removed = [cut] if cut else []
    if changes:
        note = f"[{changes} invalid or control character(s) removed or replaced]"
        removed.append(Removed(text=note, reason=INVALID_CHARACTERS))
    return Article(
        id=own_id or article_id(id_name, text),
        origin=origin,
        text=text,
        title=_clean_field(title),
        outlet=resolve_outlet(_clean_field(outlet), _clean_field(url)),
        url=_clean_field(url),
        language=language_tag(language),
        published=iso_published(published),
        removed=removed,
    )


def _clean_field(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None
