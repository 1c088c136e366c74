"""Full-page mode: find the article body in all the visible text of a web page.

A page (menus, teasers, footers, comment threads around one article) is told apart from
already-extracted text by its many short unpunctuated lines and navigation phrases. Its
body is the densest run of prose: each kept line scores its word count when it reads as
prose (long enough, rich in function words) and a penalty otherwise, and the run of lines
with the largest total (a maximum-sum subarray) is the main body. Nearby runs that score
well (an article split by an advert box) join it; a tail marker ("Comments", "Related")
after the body ends it; the headline just above the body (the line that repeats the
page title) stays with it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from .junk import JunkRules, PageConfig
from .lines import Line


def detect_mode(lines: list[Line], rules: JunkRules) -> str:
    """ "page" when ``lines`` look like all the visible text of a web page, else "article"."""
    cfg = rules.page
    n = len(lines)
    if n == 0:
        return "article"
    short = sum(1 for line in lines if _is_short(line, cfg))
    if n >= cfg.min_lines and short / n >= cfg.short_fraction:
        return "page"
    nav_phrases = {
        phrase
        for rule in rules.rules
        if rule.reason in ("navigation", "share", "newsletter", "cookie") and rule.phrases
        for phrase in rule.phrases
    }
    hits = {line.norm for line in lines if line.norm in nav_phrases}
    if n >= cfg.nav_min_lines and len(hits) >= cfg.nav_hits:
        return "page"
    return "article"


def _is_short(line: Line, cfg: PageConfig) -> bool:
    return line.word_count < cfg.short_words and not line.ends_sentence


def _is_prose(line: Line, cfg: PageConfig) -> bool:
    n = line.word_count
    if n < cfg.body_words or not line.ends_sentence:
        return False
    # Numbers are neither function nor content words: financial and sports prose is full
    # of them, and they say nothing about whether a line is prose.
    words = [w for w in line.words if not w[0].isdigit()]
    function = sum(1 for w in words if w.lower() in cfg.function_words)
    return bool(words) and function / len(words) >= cfg.body_function_share


def _score(line: Line, cfg: PageConfig) -> float:
    if line.reason is not None:
        return 0.0
    if _is_prose(line, cfg):
        return float(line.word_count)
    if line.ends_sentence:
        return -cfg.medium_penalty  # a short sentence, or prose poor in function words
    if line.word_count >= cfg.long_unpunctuated:
        return 0.0  # long but unpunctuated: prose broken oddly, or a long teaser
    return -cfg.short_penalty  # menus, titles of other articles, bylines, headings


def _scores(lines: list[Line], cfg: PageConfig) -> list[float]:
    """Line scores. Prose lines standing alone between unpunctuated lines, when others
    like them are near (a list of teasers, each under its title, byline and date), count
    only ``isolated_share`` of their words."""
    scores = [_score(line, cfg) for line in lines]
    kept = [i for i, line in enumerate(lines) if line.reason is None]
    isolated = [
        k
        for k in range(1, len(kept) - 1)
        if scores[kept[k]] > 0
        and not lines[kept[k - 1]].ends_sentence
        and not lines[kept[k + 1]].ends_sentence
    ]
    for k in isolated:
        # ``isolated`` is sorted: count the others within the window by bisection.
        lo = bisect_left(isolated, k - cfg.isolated_window)
        hi = bisect_right(isolated, k + cfg.isolated_window)
        if hi - lo - 1 >= cfg.isolated_others:
            scores[kept[k]] *= cfg.isolated_share
    return scores


def _best_run(scores: list[float], lo: int, hi: int) -> tuple[float, int, int]:
    """Maximum-sum run of ``scores[lo:hi]``: (total, start, end inclusive); (0, -1, -1)
    when no run is positive."""
    best = (0.0, -1, -1)
    total, start = 0.0, lo
    for i in range(lo, hi):
        if total <= 0:
            total, start = 0.0, i
        total += scores[i]
        if total > best[0]:
            best = (total, start, i)
    return best


def select_body(lines: list[Line], rules: JunkRules) -> None:
    """Mark every kept line outside the article body: "comments" from the comment-section
    marker on, else "navigation" when short and "boilerplate" when not. Does nothing when
    no line reads as prose."""
    cfg = rules.page
    mark_copies(lines, cfg)
    scores = _scores(lines, cfg)
    main, a, b = _best_run(scores, 0, len(lines))
    if a < 0:
        return
    end = _tail_start(lines, scores, a, cfg)  # nothing at or after `end` is body
    b = min(b, end - 1)
    keep = [False] * len(lines)
    for i in range(a, b + 1):
        keep[i] = True
    # Secondary runs, nearest first, while they are close and strong enough.
    first, last = a, b
    while True:
        added = False
        left = _best_run(scores, max(0, first - cfg.gap_lines), first)
        if left[1] >= 0 and left[0] >= cfg.secondary_share * main:
            for i in range(left[1], left[2] + 1):
                keep[i] = True
            first, added = left[1], True
        right = _best_run(scores, last + 1, min(end, last + 1 + cfg.gap_lines))
        if right[1] >= 0 and right[0] >= cfg.secondary_share * main:
            for i in range(right[1], right[2] + 1):
                keep[i] = True
            last, added = right[2], True
        if not added:
            break
    _keep_headline(lines, first, keep, cfg)
    for i, line in enumerate(lines):
        if line.reason is None and not keep[i]:
            if i >= end:
                line.reason = "comments"
            else:
                line.reason = "navigation" if _is_short(line, cfg) else "boilerplate"


_TAIL_MAX_WORDS = 12


def _is_tail_marker(line: Line, cfg: PageConfig) -> bool:
    return line.word_count <= _TAIL_MAX_WORDS and any(
        p.search(line.text) for p in cfg.tail_patterns
    )


def _tail_start(lines: list[Line], scores: list[float], a: int, cfg: PageConfig) -> int:
    """Index of the first comment-section marker after the body's first ``tail_after``
    prose words (the body ends there), or len(lines). Share bars above the body also say
    "Comments"; they come before that much prose."""
    prose_seen = 0.0
    for i in range(a, len(lines)):
        if prose_seen >= cfg.tail_after and _is_tail_marker(lines[i], cfg):
            return i
        prose_seen += max(scores[i], 0.0)
    return len(lines)


_COPY_MIN_WORDS = 40
_COPY_SHARE = 0.6
_COPY_MAX_LINES = 400


def mark_copies(lines: list[Line], cfg: PageConfig) -> None:
    """Mark "duplicate" a long line that repeats other lines of the page run together
    (a page's metadata often carries the whole article as one line)."""
    prose = [line for line in lines if line.reason is None and line.word_count >= cfg.body_words]
    if len(prose) > _COPY_MAX_LINES:  # quadratic: bounded for pathological inputs
        return
    for line in prose:
        if line.word_count < _COPY_MIN_WORDS:
            continue
        covered = sum(
            len(other.text)
            for other in prose
            if other is not line and len(other.text) < len(line.text) and other.text in line.text
        )
        if covered >= _COPY_SHARE * len(line.text):
            line.reason = "duplicate"


def _keep_headline(lines: list[Line], start: int, keep: list[bool], cfg: PageConfig) -> None:
    """Keep the article head printed just above the body (headline, standfirst, byline):
    from the headline -- the first kept line of the text (a page's title) or a line that
    repeats most of its words -- when it lies within ``head_lines`` lines before the body."""
    title_index = next((i for i, line in enumerate(lines) if line.reason is None), None)
    if title_index is None or title_index >= start:
        return
    title = {w.lower() for w in lines[title_index].words}
    if not title:
        return
    for i in range(start - 1, max(title_index, start - 1 - cfg.head_lines) - 1, -1):
        line = lines[i]
        if line.reason is not None or line.ends_sentence:
            continue
        words = {w.lower() for w in line.words}
        if i == title_index or (words and len(words & title) / len(words) >= 0.8):
            for j in range(i, start):
                if lines[j].reason is None and not _is_short_noise(lines[j], cfg):
                    keep[j] = True
            return


def _is_short_noise(line: Line, cfg: PageConfig) -> bool:
    """Between headline and body only the headline itself, bylines and datelines matter;
    one-word lines there are buttons."""
    return line.word_count <= 1
