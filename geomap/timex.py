"""Time expressions in news sentences, resolved against the publication date.

News reports date events relative to the day they were published: "on
Monday" is the latest Monday on or before publication, "overnight" is the
night before it.  Each expression keeps its original words and offsets (an
analyst checks the quote) and gets an ACLED time precision: 1 the day, 2 a
week or so, 3 the month.  ACLED has no year precision, so a year alone
("in 2011", "since 2015", "last year") keeps its text and resolves to no
date.  Clock times ("at noon", "0900 GMT") are found so that callers can see
them, but they change no date (relation "clock", date None).

Relations: absolute (a calendar day), month, range (two days or months; the
date is the first), weekday, relative (yesterday, last week, a month ago),
year, since (the start of a period, not an event date), future ("next
Monday"), clock.

Regex-based on purpose: dateparser is too slow to run on every sentence.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

__all__ = ["TimeExpression", "find_time_expressions", "parse_date_text"]

Precision = Literal[1, 2, 3]


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """One time expression: where it is, its words, and the date it means."""

    start: int
    end: int
    text: str
    date: dt.date | None
    precision: Precision
    relation: str


# --------------------------------------------------------------------------
# Vocabulary (patterns run on the lower-cased sentence, same length)
# --------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_FULL_MONTH = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
)
# Abbreviations only count before a day number ("Jan. 5"): "Mar" alone is a word.
_ANY_MONTH = rf"(?:{_FULL_MONTH}|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?)"
_WEEKDAYS = {
    name: number
    for number, name in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    )
}
_WEEKDAY = "(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "few": 3,
    "couple of": 2,
}
_COUNT = (
    r"(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|few"
    r"|couple\s+of)"
)
#: Lower-case words that may follow a year ("in 2011 when ..."); any other
#: lower-case word makes the number a count ("a force of 2000 fighters").
_AFTER_YEAR = frozenset(
    "when and or but as after before the to that which while with was were is are had has "  # noqa: SIM905
    "amid during following until at in on by for of from since onwards onward alone".split()
)
_DAY_PARTS = r"(?:night|morning|afternoon|evening)"

_DAY_MONTH = re.compile(
    rf"(?:(?:on|by|until|since|from)\s+)?(?:{_WEEKDAY},?\s+)?"
    rf"(?:(?P<m1>{_ANY_MONTH})\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?"
    rf"|(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_ANY_MONTH}))"
    r"(?:,?\s+(?P<y>(?:19|20)\d\d))?(?![\d,]\d|\w)"
)
_ISO = re.compile(r"(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")
_MONTH_YEAR = re.compile(
    rf"(?:(?P<prep>in|since|until|by|during|from|of|early|late|mid|since\s+early)[\s-]+)?"
    rf"(?P<m>{_FULL_MONTH}),?\s+(?P<y>(?:19|20)\d\d)(?!\d)"
)
_MONTHS_BARE = re.compile(
    rf"(?P<prep>in|during|since|from|until|by|between|early|late|mid|last|this|next"
    rf"|in\s+early|in\s+late|in\s+mid)[\s-]+(?P<m>{_FULL_MONTH})"
    rf"(?:\s+(?:and|or|to|through|until)\s+(?P<m2>{_FULL_MONTH}))?\b(?!,?\s+\d)"
)
_YEAR = re.compile(
    r"(?P<prep>in|since|by|of|until|from|during|before|after|early|late|mid|through)"
    r"[\s-]+(?P<y>(?:19|20)\d\d)(?!\d|,\d|\w)(?:'s)?(?P<next>\s+\w+)?"
)
_WEEKDAY_RE = re.compile(
    rf"(?:(?P<pre>on|late|early|last|this|next|until|by|since|from|late\s+on|early\s+on"
    rf"|on\s+the\s+night\s+of)\s+)?(?P<wd>{_WEEKDAY})\b(?:\s+{_DAY_PARTS}\b)?"
    rf"(?:\s+(?:and|or|to|through|into)\s+(?P<wd2>{_WEEKDAY})\b(?:\s+{_DAY_PARTS}\b)?)?"
)
_CLOCK = re.compile(
    r"(?:(?:(?:shortly|just|soon)\s+)?(?:at|around|about|before|after|until|till|by)\s+)?"
    r"(?:(?:around|about)\s+)?"
    r"(?:(?:noon|midday|midnight)\b"
    r"|(?:[01]\d|2[0-3])[0-5]\d\s*(?:gmt|utc)\b"
    r"|(?:1[0-2]|0?[1-9])(?::[0-5]\d)?\s*(?:a\.m\.|p\.m\.|(?:am|pm)\b)(?:\s*(?:gmt|utc)\b)?)"
)
_AGO = re.compile(
    rf"(?P<n>{_COUNT})\s+(?P<unit>day|week|month|year|decade)s?\s+(?:ago|earlier|before)\b"
)
_PAST_N = re.compile(
    rf"(?:(?:in|over|during|for)\s+)?the\s+(?:past|last|previous)\s+(?:(?P<n>{_COUNT})\s+)?"
    r"(?P<unit>day|week|month|year)s?\b"
)

#: A handler turns a match (on the lower-cased sentence) into (date,
#: precision, relation), or None to reject it; it also sees the original
#: sentence, where case still tells a count from a year.
_Resolved = tuple[dt.date | None, Precision, str]
_Handler = Callable[[re.Match[str], str, dt.date | None], _Resolved | None]


# --------------------------------------------------------------------------
# Resolution helpers
# --------------------------------------------------------------------------


def _latest_weekday(weekday: int, published: dt.date, *, strictly_before: bool = False) -> dt.date:
    """The latest given weekday on (or strictly before) the publication date."""
    back = (published.weekday() - weekday) % 7
    if back == 0 and strictly_before:
        back = 7
    return published - dt.timedelta(days=back)


def _months_back(day: dt.date, months: int) -> dt.date:
    """`day` moved back by whole months, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 - months
    year, month0 = divmod(index, 12)
    for last in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month0 + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable: day 28 exists in every month")


def _month_in_past(month: int, published: dt.date) -> dt.date:
    """First day of `month` in the publication year, or the year before if that is later."""
    candidate = dt.date(published.year, month, 1)
    return candidate if candidate <= published else dt.date(published.year - 1, month, 1)


#: A day-and-month without a year may lie this far after publication (a
#: deadline, a scheduled truce: "withdraw by December 1"); further ahead, the
#: text means the past year's.
_FUTURE_GRACE = dt.timedelta(days=60)


def _day_in_year(
    month: int, day: int, year: int | None, published: dt.date | None
) -> dt.date | None:
    """A calendar day; without a year, the latest one up to `_FUTURE_GRACE` after publication.

    So "December 28" in a January article is last December, and "January 20"
    in a December article is next month.
    """
    try:
        if year is not None:
            return dt.date(year, month, day)
        if published is None:
            return None
        for candidate_year in (published.year + 1, published.year, published.year - 1):
            candidate = dt.date(candidate_year, month, day)
            if candidate <= published + _FUTURE_GRACE:
                return candidate
    except ValueError:  # no such day; February 29 outside a leap year
        return None
    return None


def _count(word: str | None) -> int | None:
    """'four' -> 4, '12' -> 12; None when the words do not give a number."""
    if word is None:
        return 1
    word = " ".join(word.lower().split())
    if word.isdigit():
        return int(word)
    return _NUMBER_WORDS.get(word)


# --------------------------------------------------------------------------
# Handlers: match -> (date, precision, relation), or None to reject the match
# --------------------------------------------------------------------------


def _on_day_month(
    match: re.Match[str], sentence: str, published: dt.date | None
) -> _Resolved | None:
    month_name = (match["m1"] or match["m2"]).rstrip(".")
    day = int(match["d1"] or match["d2"])
    if not 1 <= day <= 31:
        return None
    year = int(match["y"]) if match["y"] else None
    date = _day_in_year(_MONTHS[month_name], day, year, published)
    if date is None and (year is not None or published is not None):
        return None  # no such day (April 31)
    return date, 1, "absolute"


def _on_iso(match: re.Match[str], sentence: str, published: dt.date | None) -> _Resolved | None:
    try:
        return dt.date(int(match["y"]), int(match["m"]), int(match["d"])), 1, "absolute"
    except ValueError:
        return None


def _on_month_year(
    match: re.Match[str], sentence: str, published: dt.date | None
) -> _Resolved | None:
    date = dt.date(int(match["y"]), _MONTHS[match["m"]], 1)
    since = (match["prep"] or "").lower().startswith("since")
    return (None, 3, "since") if since else (date, 3, "month")


def _on_months_bare(
    match: re.Match[str], sentence: str, published: dt.date | None
) -> _Resolved | None:
    prep = match["prep"].lower()
    month = _MONTHS[match["m"]]
    if prep == "since":
        return None, 3, "since"
    if prep == "next":
        if published is None:
            return None, 3, "future"
        year = published.year + (1 if month <= published.month else 0)
        return dt.date(year, month, 1), 3, "future"
    relation = "range" if match["m2"] else "month"
    if published is None:
        return None, 3, relation
    if prep == "last":
        year = published.year - (1 if month >= published.month else 0)
        return dt.date(year, month, 1), 3, relation
    return _month_in_past(month, published), 3, relation


def _on_year(match: re.Match[str], sentence: str, published: dt.date | None) -> _Resolved | None:
    following = sentence[match.start("next") : match.end("next")].strip() if match["next"] else ""
    if following and following[0].islower() and following not in _AFTER_YEAR:
        return None  # "a force of 2000 fighters": a count, not a year
    return None, 3, "since" if match["prep"].lower() == "since" else "year"


def _on_weekday(match: re.Match[str], sentence: str, published: dt.date | None) -> _Resolved | None:
    prefix = " ".join((match["pre"] or "").lower().split())
    first = _WEEKDAYS[match["wd"]]
    second = _WEEKDAYS[match["wd2"]] if match["wd2"] else None
    if prefix == "since":
        return None, 2, "since"
    if prefix == "next":
        if published is None:
            return None, 1, "future"
        return published + dt.timedelta(days=(first - published.weekday() - 1) % 7 + 1), 1, "future"
    if published is None:
        return None, 2 if second is not None else 1, "range" if second is not None else "weekday"
    strictly = prefix == "last"
    if second is None:
        return _latest_weekday(first, published, strictly_before=strictly), 1, "weekday"
    # Resolve the last day of the range, then step back to the first.
    last_day = _latest_weekday(second, published, strictly_before=strictly)
    return last_day - dt.timedelta(days=(second - first) % 7), 2, "range"


def _on_clock(match: re.Match[str], sentence: str, published: dt.date | None) -> _Resolved | None:
    return None, 1, "clock"


def _on_ago(match: re.Match[str], sentence: str, published: dt.date | None) -> _Resolved | None:
    n = _count(match["n"])
    unit = match["unit"].lower()
    if n is None:
        return None
    if unit in ("year", "decade") or published is None:
        return None, 3, "relative"
    if unit == "day":
        return published - dt.timedelta(days=n), 1, "relative"
    if unit == "week":
        return published - dt.timedelta(weeks=n), 2 if n == 1 else 3, "relative"
    return _months_back(published, n), 3, "relative"


def _on_past_n(match: re.Match[str], sentence: str, published: dt.date | None) -> _Resolved | None:
    n = _count(match["n"])
    unit = match["unit"].lower()
    if n is None or unit == "year" or published is None:
        return None, 3, "relative"
    days = {"day": n, "week": 7 * n}.get(unit)
    if days is None:
        return _months_back(published, n), 3, "relative"
    return published - dt.timedelta(days=days), 2 if days <= 10 else 3, "relative"


def _fixed(
    offset: Callable[[dt.date], dt.date] | None, precision: Precision, relation: str = "relative"
) -> _Handler:
    """A handler for a fixed phrase whose date is a function of the publication date."""

    def handle(match: re.Match[str], sentence: str, published: dt.date | None) -> _Resolved:
        if offset is None or published is None:
            return None, precision, relation
        return offset(published), precision, relation

    return handle


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


#: Fixed phrases, each with how its date follows from the publication date.
_PHRASES: list[tuple[str, _Handler]] = [
    (
        r"(?:earlier\s+|later\s+)?today|tonight|this\s+(?:morning|afternoon|evening)",
        _fixed(lambda p: p, 1),
    ),
    (r"the\s+day\s+before\s+yesterday", _fixed(lambda p: p - dt.timedelta(days=2), 1)),
    (
        r"yesterday(?:\s+(?:morning|afternoon|evening))?",
        _fixed(lambda p: p - dt.timedelta(days=1), 1),
    ),
    (r"overnight|(?:late\s+)?last\s+night", _fixed(lambda p: p - dt.timedelta(days=1), 1)),
    (r"(?:earlier\s+)?this\s+week", _fixed(_week_start, 2)),
    (
        r"(?:earlier\s+)?last\s+week|the\s+previous\s+week",
        _fixed(lambda p: _week_start(p) - dt.timedelta(days=7), 2),
    ),
    (
        r"(?:in\s+)?recent\s+days",
        _fixed(lambda p: p - dt.timedelta(days=7), 2),
    ),
    (r"(?:in\s+)?recent\s+(?:weeks|months|years)", _fixed(None, 3)),
    (
        r"(?:at|over|during)\s+the\s+weekend|(?:this|last)\s+weekend",
        _fixed(lambda p: _latest_weekday(5, p), 2),
    ),
    (r"(?:earlier\s+)?this\s+month", _fixed(lambda p: p.replace(day=1), 3)),
    (
        r"(?:earlier\s+)?last\s+month|the\s+previous\s+month",
        _fixed(lambda p: _months_back(p.replace(day=1), 1), 3),
    ),
    (r"next\s+(?:week|month)|tomorrow", _fixed(None, 2, "future")),
    (r"(?:earlier\s+)?(?:this|last)\s+year|the\s+previous\s+year", _fixed(None, 3, "year")),
]

# The fixed phrases as one alternation, dispatched on the group that matched.
_PHRASE_RE = re.compile(
    r"(?:" + "|".join(f"(?P<p{i}>{words})" for i, (words, _) in enumerate(_PHRASES)) + r")\b"
)


def _on_phrase(match: re.Match[str], sentence: str, published: dt.date | None) -> _Resolved | None:
    index = int((match.lastgroup or "p0")[1:])
    return _PHRASES[index][1](match, sentence, published)


# --------------------------------------------------------------------------
# Finding: anchors first, then the patterns that can grow around them
# --------------------------------------------------------------------------

#: The word every expression of a kind must contain.  One scan finds them;
#: each kind's patterns are then tried only at the anchor and the few words
#: before it (where "on", "late", "in the past" go), which is many times
#: faster than scanning the sentence once per pattern.
_ANCHORS = re.compile(
    rf"\b(?:(?P<month>{_FULL_MONTH}|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"
    rf"(?=\.?\s*\d))|(?P<weekday>{_WEEKDAY})|(?P<year>(?:19|20)\d\d)"
    r"|(?P<clock>noon|midday|midnight|gmt|utc|\d{1,2}(?::\d\d)?\s*(?:[ap]m|[ap]\.m\.))"
    r"|(?P<relative>ago|earlier|before|past|last|previous|today|tonight|tomorrow|yesterday"
    r"|overnight|night|morning|afternoon|evening|weekend|weeks?|months?|years?|days))"
    r"(?:\b|(?<=\.))"
)
_BY_KIND: dict[str, list[tuple[re.Pattern[str], _Handler]]] = {
    "month": [
        (_DAY_MONTH, _on_day_month),
        (_MONTH_YEAR, _on_month_year),
        (_MONTHS_BARE, _on_months_bare),
    ],
    "year": [(_ISO, _on_iso), (_YEAR, _on_year)],
    "weekday": [(_WEEKDAY_RE, _on_weekday)],
    "clock": [(_CLOCK, _on_clock)],
    "relative": [(_AGO, _on_ago), (_PAST_N, _on_past_n), (_PHRASE_RE, _on_phrase)],
}
#: How many words before an anchor an expression may start ("a couple of days ago").
_WORDS_BEFORE = 4
_ASCII_LOWER = {code: code + 32 for code in range(ord("A"), ord("Z") + 1)}


def _candidate_starts(low: str, anchor: int) -> list[int]:
    """The anchor's position and the starts of up to four words before it."""
    starts = [anchor]
    end = anchor
    for _ in range(_WORDS_BEFORE):
        if end <= 1:
            break
        word = low.rfind(" ", 0, end - 1) + 1
        start = word
        while start < end and not low[start].isalnum():
            start += 1  # "(0900 GMT)" starts at the digit
        if start < end:
            starts.append(start)
        end = word
    return starts


def find_time_expressions(sentence: str, published: dt.date | None) -> list[TimeExpression]:
    """Every time expression in `sentence`, left to right, longest match first.

    Offsets are relative to `sentence`.  With `published` None, expressions
    that depend on it keep their text and get date None.
    """
    low = sentence.lower()
    if len(low) != len(sentence):  # a few characters lower-case to two
        low = sentence.translate(_ASCII_LOWER)
    found: list[TimeExpression] = []
    seen: set[tuple[int, int]] = set()
    for anchor in _ANCHORS.finditer(low):
        kind = anchor.lastgroup or ""
        if kind in ("month", "weekday") and not sentence[anchor.start()].isupper():
            continue  # "may" and "march" are words; "May" and "March" are months
        starts = _candidate_starts(low, anchor.start())
        for pattern, handler in _BY_KIND[kind]:
            for start in starts:
                match = pattern.match(low, start)
                if match is None or match.end() <= anchor.start() or match.span() in seen:
                    continue
                seen.add(match.span())
                resolved = handler(match, sentence, published)
                if resolved is None:
                    continue
                end = match.end()
                if pattern is _YEAR:  # the look-ahead word is not part of the expression
                    end = match.end("y") + (2 if low.startswith("'s", match.end("y")) else 0)
                text = sentence[start:end].rstrip()
                date, precision, relation = resolved
                found.append(
                    TimeExpression(start, start + len(text), text, date, precision, relation)
                )
    found.sort(key=lambda t: (t.start, t.start - t.end))
    chosen: list[TimeExpression] = []
    for expression in found:
        if chosen and expression.start < chosen[-1].end:
            continue
        chosen.append(expression)
    return chosen


# --------------------------------------------------------------------------
# Whole dates ("Published: Mon, April 23, 2018")
# --------------------------------------------------------------------------

_WRITTEN_DATE = re.compile(
    rf"^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?(?:"
    rf"(?P<m1>{_ANY_MONTH})\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?P<m2>{_ANY_MONTH}),?\s+(?P<y2>\d{{4}})"
    r"|(?P<y3>\d{4})-(?P<mo3>\d\d)-(?P<d3>\d\d))",
    re.IGNORECASE,
)


def parse_date_text(text: str) -> dt.date | None:
    """A whole date written out ("Mon, April 23, 2018", "2018-05-21", "23/04/2018").

    Common shapes take a fast regex; anything else goes to dateutil, and only a
    text that names a year is accepted (dateutil would fill a missing year from
    today).
    """
    text = text.strip()
    match = _WRITTEN_DATE.match(text)
    try:
        if match and match["y3"]:
            return dt.date(int(match["y3"]), int(match["mo3"]), int(match["d3"]))
        if match:
            month = (match["m1"] or match["m2"]).rstrip(".").lower()
            day = int(match["d1"] or match["d2"])
            return dt.date(int(match["y1"] or match["y2"]), _MONTHS[month], day)
    except (ValueError, KeyError):
        return None
    if not re.search(r"\b(?:19|20)\d\d\b", text):
        return None
    from dateutil import parser as date_parser  # slow import, rarely needed

    # Parse twice with different default days: a text without a day of its own
    # ("May 2018") gets two different answers and is not a whole date.
    try:
        first = date_parser.parse(text, fuzzy=True, dayfirst=True, default=_DEFAULT_A).date()
        second = date_parser.parse(text, fuzzy=True, dayfirst=True, default=_DEFAULT_B).date()
    except (ValueError, OverflowError):
        return None
    return first if first == second else None


_DEFAULT_A = dt.datetime(1900, 1, 1)
_DEFAULT_B = dt.datetime(1901, 2, 2)
