"""Read news articles: decode, find title and date, drop scraping debris, split sentences.

Scraped articles arrive with the site around them: menus, share buttons,
bylines, a headline printed twice, the body pasted twice, "You may also
like".  Debris is dropped by general rules (below), never by listing one
site's strings, and every dropped line is kept in `Article.dropped` with the
rule that dropped it, so a reader can audit what was removed.

Offsets: `Article.text` is the whole decoded file (BOM removed, line ends
made LF), so a sentence span points at what a reader sees in the file.

Debris rules, tried in this order on each non-blank line:

=================== ==========================================================
rule                drops
=================== ==========================================================
front_matter        the YAML ``---`` block at the top (read for metadata)
trailer             a "You may also like" / "Related articles" / "Read more" /
                    "Written by" heading after the body has begun, and every
                    line after it (related links, author and agency boxes)
published_line      "Published: <date>", "Updated on <date>" (read for the date)
copyright           "Copyright 2018 ...", "© ...", "... All rights reserved"
navigation          site UI: "Skip to content", "Sign in", "Subscribe to ...",
                    "Connect with us", "Hi, what are you looking for?",
                    "Story continues below advertisement"
photo_credit        "Photo: Reuters", "Image caption ...", "(Photo by Jane Doe)"
share_prompt        "Like this:", "Share this:", "Share on Facebook"
byline              "By Jane Doe", "Politics | By Jane Doe", "Written By",
                    "Reporting by ...; Editing by ..."
link_only           a line that is only a URL or a Markdown link or image
separator           a line of punctuation only ("-", "***")
section_label       a lone label of one or two capitalised words ("World",
                    "Middle East", "Arts & Culture", "AFP")
title               the headline (the manifest's or front matter's title, or
                    the first headline-like line) and every repeat of it;
                    the headline lives in `meta.title`, never in sentences
subheading          a cross-head inside the body: ten words at most, no closing
                    punctuation ("Clashes in the south")
repeated_paragraph  a paragraph already seen earlier (the first copy stays)
=================== ==========================================================
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import yaml

from geomap.errors import ArticleError
from geomap.models import Article, ArticleMeta, Skipped
from geomap.timex import parse_date_text

_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

__all__ = ["iter_articles", "parse_article", "read_article", "split_sentences"]

logger = logging.getLogger("geomap")

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown")
MANIFEST_NAME = "manifest.yaml"

# --------------------------------------------------------------------------
# Debris rules
# --------------------------------------------------------------------------

_TRAILER = re.compile(
    r"^(?:you (?:may|might) also (?:like|enjoy|be interested in)|related(?: articles| stories"
    r"| posts| news| content| coverage| topics| reading)?|more (?:in|from) [\w&' -]{1,40}"
    r"|more stories|read more|read next|recommended(?: for you| stories| articles)?"
    r"|most (?:popular|read)|trending(?: now)?|also read|see also|what to read next"
    r"|comments?|leave a (?:reply|comment)|about the author|written by|latest news)\W*$",
    re.IGNORECASE,
)
_PUBLISHED = re.compile(
    r"^(?:first |last )?(?:published|posted|updated|date)(?: on)?\s*[:|-]?\s+(?P<date>.{4,80})$",
    re.IGNORECASE,
)
_LINE_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "navigation",
        re.compile(
            r"^(?:skip to (?:main )?content|(?:connect|follow) (?:with )?us(?: on \w+)?"
            r"|(?:subscribe|sign (?:in|up|out)|log ?(?:in|out))\b[^.]{0,50}"
            r"|(?:story )?continues? (?:below|after) (?:this )?(?:advertisement|ad)"
            r"|continue reading\W*|scroll to continue\W*"
            r"|register|menu|main menu|search|home|toggle navigation|close|advertisement"
            r"|sponsored(?: content)?|accept(?: all)?(?: cookies)?|newsletter|loading\W*"
            r"|(?:hi,? )?what are you looking for\??|[^.]{0,40}\blooking for\?|search for\W*)$",
            re.IGNORECASE,
        ),
    ),
    (
        "photo_credit",
        re.compile(
            r"^\(?(?:(?:file )?photo|image|picture|video|graphic|illustration)s?"
            r"(?: credit| caption| copyright)?\s*[:|]|^(?:image|media) (?:copyright|caption)\b"
            r"|^\(?(?:photo|image)s? by\b",
            re.IGNORECASE,
        ),
    ),
    (
        "share_prompt",
        re.compile(
            r"^(?:(?:like|share|tweet|email|print|pin|save) (?:this|it)(?: article| story| post)?"
            r"|share(?: (?:on|via) \w+)?|click to \w+(?: \w+){0,5}(?: \(opens in new window\))?)"
            r"\s*:?$",
            re.IGNORECASE,
        ),
    ),
    (
        "byline",
        re.compile(
            r"^(?:[^|]{1,40}\|\s*)?(?i:(?:written|posted|reporting|words|story|text|photos?)\s+)?"
            r"(?i:by)(?:[\s,]+(?:[A-Z][\w.'’-]*|and|&|in|for))*\s*$"
            r"|^\(?(?i:(?:additional )?(?:reporting|writing|editing) by)\b.{0,200}$"
        ),
    ),
    (
        "link_only",
        re.compile(r"^(?:!?\[[^\]]*\]\([^)]*\)|<?https?://\S+>?)$"),
    ),
    ("separator", re.compile(r"^[\W_]+$")),
    (
        "section_label",
        re.compile(r"^[A-Z0-9][\w&'’-]*(?:\s+(?:&|and|of)\s+[A-Z][\w'’-]*|\s+[A-Z0-9][\w&'’-]*)?$"),
    ),
]

_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)|all rights reserved", re.IGNORECASE)
#: Navigation, share, byline, link and label lines are never longer than this.
_LONGEST_DEBRIS_LINE = 120

#: Markdown and list markers at the start of a line, kept out of sentences.
_LINE_PREFIX = re.compile(r"^(?:#{1,6}\s+|>\s*|[-*+•]\s+)+")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_LINE = re.compile(r"[^\n]+")
_CURLY_QUOTES = (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'"))


def _paragraph_key(line: str) -> str:
    """What two copies of a paragraph share despite quote style, case and spacing."""
    if not line.isascii():
        for curly, straight in _CURLY_QUOTES:
            line = line.replace(curly, straight)
    return " ".join(line.casefold().split())


#: A label a scraper writes before the headline: "Title: ...", "Headline: ...".
_TITLE_LABEL = re.compile(r"^(?:title|headline)\s*:\s*", re.IGNORECASE)


def _looks_like_headline(line: str) -> bool:
    """A short line of a few words without a final full stop."""
    words = line.split()
    return 3 <= len(words) <= 25 and len(line) <= 200 and line[-1] not in ".:;,"


# --------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------

_BOUNDARY = re.compile(r"[.!?]+[\"”’')\]]*(?P<space>\s+)(?=[\"“‘'(\[]*[A-Z0-9À-ÖØ-Þ])")
_NEXT_WORD = re.compile(r"\s+[\"“‘'(\[]*(\w+)")
#: Abbreviations that precede a name or number, so never end a sentence.
_TITLES = frozenset(
    "Mr Mrs Ms Dr Gen Lt Col Maj Capt Cpt Sgt Cpl Pvt Adm Cmdr Brig Gov Sen Rep Rev Prof "  # noqa: SIM905
    "St Mt Ft Pres Hon Messrs Gens Sens Reps Supt Insp Det Fr Sr Jr vs e.g i.e cf approx".split()
)
#: Abbreviations that end a sentence only before a number-free next word.
_BEFORE_NUMBERS = frozenset(
    "No Nos Art Vol Fig p pp Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split()  # noqa: SIM905
)
#: Words that usually start a new sentence: after "U.S." or "p.m." they mean a split.
_STARTERS = frozenset(
    "The A An He She It They We I In On At But And This That These Those There His Her "  # noqa: SIM905
    "Their Its Our After Before When While Meanwhile However Earlier Later Some Many Most "
    "Government State Syrian Officials".split()
)


def _ends_sentence(text: str, line_start: int, match: re.Match[str]) -> bool:
    """Whether a terminator ends a sentence, or belongs to an abbreviation or initial."""
    terminator = text[match.start() : match.start("space")]
    if terminator[0] != "." or (len(terminator) > 1 and terminator[1] in "\"”’')]"):
        return True  # "!", "?", and a full stop inside closing quotes
    if len(terminator) > 1:
        return True  # "..." or "?!"
    space = max(text.rfind(" ", line_start, match.start()), line_start - 1)
    token = text[space + 1 : match.start()].lstrip("\"“‘'([")
    if token in _TITLES:
        return False
    following = _NEXT_WORD.match(text, match.start("space"))
    next_word = following.group(1) if following else ""
    if token in _BEFORE_NUMBERS:
        return not next_word[:1].isdigit()
    if len(token) == 1 and token.isupper():
        return False  # an initial: "George W. Bush"
    dotted = "." in token and all(len(part) <= 2 for part in token.split("."))
    if dotted or token in ("Inc", "Corp", "Co", "Ltd", "Bros"):
        return next_word in _STARTERS  # "the U.S. The next day" vs "U.S. President"
    return True


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans within `text[start:end]`, one paragraph already stripped of whitespace."""
    spans: list[tuple[int, int]] = []
    begin = start
    for match in _BOUNDARY.finditer(text, start, end):
        if _ends_sentence(text, start, match):
            spans.append((begin, match.start("space")))
            begin = match.end()
    if begin < end:
        spans.append((begin, end))
    return spans


# --------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------


def _decode(raw: bytes, path: str) -> str:
    """UTF-8 (with or without BOM), else Windows-1252; LF line ends."""
    if b"\x00" in raw:
        raise ArticleError(path, "binary file (contains NUL bytes); give a text or Markdown file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise ArticleError(
                path, f"cannot decode as UTF-8 or Windows-1252 (byte {exc.start}); re-save as UTF-8"
            ) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _yaml_mapping(text: str) -> dict[str, Any] | None:
    """Parse a small YAML document; None when it is not a mapping or does not parse.

    Front matter is read once per article, so it goes through libyaml (PyYAML's
    C loader, about 15x faster than a pure-Python parser); the gazetteer, which
    needs comments and line numbers, stays with ruamel.yaml.
    """
    try:
        data = yaml.load(text, Loader=_SafeLoader)
    except yaml.YAMLError:
        return None
    return data if isinstance(data, dict) else None


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return parse_date_text(value)
    return None


def _as_text(value: object) -> str | None:
    return str(value).strip() or None if value is not None else None


def read_article(path: str | Path, manifest_entry: dict[str, Any] | None = None) -> Article:
    """Read one article file; raise ArticleError when it cannot be used."""
    return decode_article(read_bytes(path), str(path), manifest_entry)


def read_bytes(path: str | Path) -> bytes:
    """An article file's bytes; ArticleError with the reason when it cannot be read."""
    shown = str(path)
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise ArticleError(shown, "file not found") from None
    except PermissionError:
        raise ArticleError(shown, "permission denied; check the file's read permission") from None
    except IsADirectoryError:
        raise ArticleError(shown, "is a directory; pass it as a folder, not a file") from None
    except OSError as exc:
        raise ArticleError(shown, f"cannot read: {exc.strerror or exc}") from None


def decode_article(raw: bytes, path: str, manifest_entry: dict[str, Any] | None = None) -> Article:
    """An Article from a file's bytes (`read_article` without the reading)."""
    return parse_article(_decode(raw, path), path, manifest_entry)


def parse_article(text: str, path: str, manifest_entry: dict[str, Any] | None = None) -> Article:
    """Clean decoded article text into an Article (the pure core of `read_article`)."""
    entry = manifest_entry or {}
    title = _as_text(entry.get("title"))
    outlet = _as_text(entry.get("outlet"))
    published = _as_date(entry.get("published"))
    date_source = "manifest" if published else None
    dropped: list[tuple[str, str]] = []
    sentences: list[tuple[int, int]] = []

    body_start = 0
    front = _FRONT_MATTER.match(text)
    if front:
        body_start = front.end()
        meta = _yaml_mapping(front["body"]) or {}
        title = title or _as_text(meta.get("title"))
        outlet = outlet or _as_text(meta.get("outlet") or meta.get("source"))
        if published is None:
            published = _as_date(meta.get("date") or meta.get("published"))
            date_source = "front_matter" if published else None
        dropped.extend(
            (line, "front_matter") for line in front.group().splitlines() if line.strip()
        )

    title_key = _paragraph_key(title) if title else None
    seen: set[str] = set()
    in_trailer = False
    for found_line in _LINE.finditer(text, body_start):
        raw_line = found_line.group()
        line = raw_line.strip()
        if not line:
            continue
        if in_trailer:
            dropped.append((line, "trailer"))
            continue
        prefix = _LINE_PREFIX.match(line)
        content = line[prefix.end() :] if prefix else line
        content_start = found_line.start() + len(raw_line) - len(raw_line.lstrip())
        content_start += prefix.end() if prefix else 0
        if not content:
            dropped.append((line, "separator"))
            continue
        rule = _debris_rule(content, has_body=bool(sentences))
        if rule == "trailer":
            in_trailer = True
        elif rule == "published_line":
            found = _PUBLISHED.match(content)
            if published is None and found:
                published = parse_date_text(found["date"])
                date_source = "published_line" if published else None
        elif rule is None:
            key = _paragraph_key(content)
            if title_key is None and not sentences and _looks_like_headline(content):
                title = _TITLE_LABEL.sub("", content)  # "Title: Storm leaves ..." is its title
                title_key = _paragraph_key(title)
                rule = "title"
            elif key == title_key:
                rule = "title"
            elif key in seen:
                rule = "repeated_paragraph"
            else:
                seen.add(key)
        if rule is not None:
            dropped.append((line, rule))
            continue
        sentences.extend(split_sentences(text, content_start, content_start + len(content)))

    if not sentences:
        raise ArticleError(path, "no article text left after removing debris (empty or all menus)")
    meta_model = ArticleMeta(
        id=Path(path).name,
        path=path,
        title=title,
        published=published,
        outlet=outlet,
        date_source=date_source,
    )
    return Article(meta=meta_model, text=text, sentences=sentences, dropped=dropped)


def _debris_rule(content: str, *, has_body: bool) -> str | None:
    """The name of the first line rule that drops `content`, or None to keep it."""
    if len(content) <= 60 and _TRAILER.match(content):
        # A "Related" or "Written by" line above the body is navigation or a byline.
        if has_body:
            return "trailer"
        return "byline" if content.lower().startswith("written") else "navigation"
    stamp = _PUBLISHED.match(content) if len(content) <= 100 else None
    if stamp and any(ch.isdigit() for ch in stamp["date"]):
        return "published_line"  # "Updated: the road is open." is prose, not a stamp
    maybe_copyright = "eserved" in content or "ESERVED" in content or content[:1] in "©(Cc"
    if maybe_copyright and len(content) <= 400 and _COPYRIGHT.search(content):
        return "copyright"
    if len(content) > _LONGEST_DEBRIS_LINE:
        return None  # a paragraph of prose: only the copyright rule reaches this far
    for name, pattern in _LINE_RULES:
        if pattern.match(content):
            return name
    if has_body and _looks_like_subheading(content):
        return "subheading"
    return None


def _looks_like_subheading(line: str) -> bool:
    """A cross-head between paragraphs: a few words with no closing punctuation."""
    return len(line) <= 80 and len(line.split()) <= 10 and line[-1] not in _SENTENCE_ENDS


_SENTENCE_ENDS = frozenset(".!?:;,\"”’')…]")


# --------------------------------------------------------------------------
# Folders and manifests
# --------------------------------------------------------------------------


def _load_manifest(folder: Path, report: Callable[[Skipped], None]) -> dict[str, dict[str, Any]]:
    """The folder's manifest entries by file name; a broken manifest is reported, not fatal."""
    manifest = folder / MANIFEST_NAME
    if not manifest.is_file():
        return {}
    try:
        data = _yaml_mapping(manifest.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        report(Skipped(path=str(manifest), reason=f"manifest unreadable: {exc}"))
        return {}
    articles = data.get("articles") if data else None
    if not isinstance(articles, list):
        report(Skipped(path=str(manifest), reason="manifest has no 'articles:' list; ignored"))
        return {}
    return {
        str(item["file"]): item for item in articles if isinstance(item, dict) and item.get("file")
    }


def _warn(skipped: Skipped) -> None:
    logger.warning("skipped %s: %s", skipped.path, skipped.reason)


def iter_articles(
    paths: Sequence[str | Path], *, on_skip: Callable[[Skipped], None] | None = None
) -> Iterator[Article]:
    """Articles from folders (their .txt/.md files, by name) and files, one at a time.

    A file that cannot be read is reported through `on_skip` (or a logged
    warning) and the run goes on.
    """
    report = on_skip or _warn
    for file, entry in article_files(paths, on_skip=report):
        try:
            yield read_article(file, entry)
        except ArticleError as exc:
            report(Skipped(path=exc.path, reason=exc.reason))


def article_files(
    paths: Sequence[str | Path], *, on_skip: Callable[[Skipped], None] | None = None
) -> Iterator[tuple[Path, dict[str, Any] | None]]:
    """The article files `iter_articles` reads, in its order, each with its manifest entry."""
    report = on_skip or _warn
    if isinstance(paths, str | Path):  # one path, not a sequence of characters
        paths = [paths]
    manifests: dict[Path, dict[str, dict[str, Any]]] = {}

    def manifest_for(folder: Path) -> dict[str, dict[str, Any]]:
        if folder not in manifests:
            manifests[folder] = _load_manifest(folder, report)
        return manifests[folder]

    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = sorted(
                (p for p in path.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES),
                key=lambda p: p.name,
            )
        else:
            files = [path]
        for file in files:
            entry = manifest_for(file.parent).get(file.name) if file.parent.is_dir() else None
            yield file, entry
