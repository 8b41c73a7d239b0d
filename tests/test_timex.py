"""Time expressions resolved against a publication date (news conventions)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geomap.timex import TimeExpression, find_time_expressions, parse_date_text

MONDAY = dt.date(2018, 5, 21)  # a Monday

# (sentence, expression text, resolved date or None, precision, relation)
CASES: list[tuple[str, str, str | None, int, str]] = [
    ("Forces on Monday resumed the offensive.", "on Monday", "2018-05-21", 1, "weekday"),
    ("A monitor said Monday that", "Monday", "2018-05-21", 1, "weekday"),
    ("Fighters left late Sunday, heading east.", "late Sunday", "2018-05-20", 1, "weekday"),
    ("They were evacuated Sunday night from the camp.", "Sunday night", "2018-05-20", 1, "weekday"),
    ("The envoy said on Friday that", "on Friday", "2018-05-18", 1, "weekday"),
    ("He spoke last Monday.", "last Monday", "2018-05-14", 1, "weekday"),
    ("Talks resume next Monday.", "next Monday", "2018-05-28", 1, "future"),
    ("The group left overnight, it said.", "overnight", "2018-05-20", 1, "relative"),
    ("Shelling went on last night.", "last night", "2018-05-20", 1, "relative"),
    ("The army said today that", "today", "2018-05-21", 1, "relative"),
    ("The army said yesterday that", "yesterday", "2018-05-20", 1, "relative"),
    ("It was agreed earlier this week.", "earlier this week", "2018-05-21", 2, "relative"),
    ("They met during a meeting last week.", "last week", "2018-05-14", 2, "relative"),
    ("Clashes spread in recent days.", "in recent days", "2018-05-14", 2, "relative"),
    (
        "Homes were destroyed in the past four days.",
        "in the past four days",
        "2018-05-17",
        2,
        "relative",
    ),
    ("A truce at the weekend held.", "at the weekend", "2018-05-19", 2, "relative"),
    ("The offensive began a month ago.", "a month ago", "2018-04-21", 3, "relative"),
    ("It began two days ago.", "two days ago", "2018-05-19", 1, "relative"),
    ("An operation started last month.", "last month", "2018-04-01", 3, "relative"),
    ("Prices rose this month.", "this month", "2018-05-01", 3, "relative"),
    ("Last year, fighters were moved.", "Last year", None, 3, "year"),
    ("They shadowed last year's convoy.", "last year", None, 3, "year"),
    ("In March and April, thousands surrendered.", "In March and April", "2018-03-01", 3, "range"),
    ("The camp fell in April.", "in April", "2018-04-01", 3, "month"),
    ("In December 2016, forces took the city.", "In December 2016", "2016-12-01", 3, "month"),
    ("It was agreed in April 2018.", "in April 2018", "2018-04-01", 3, "month"),
    ("Strikes hit in the early hours of April 14.", "April 14", "2018-04-14", 1, "absolute"),
    ("Strikes hit on 14 April.", "on 14 April", "2018-04-14", 1, "absolute"),
    ("Strikes hit on April 14, 2018, at dawn.", "on April 14, 2018", "2018-04-14", 1, "absolute"),
    ("Voting ended May 20 in the north.", "May 20", "2018-05-20", 1, "absolute"),
    ("A report dated 2018-05-02 said", "2018-05-02", "2018-05-02", 1, "absolute"),
    (
        "People left on Saturday and Sunday, heading east.",
        "on Saturday and Sunday",
        "2018-05-19",
        2,
        "range",
    ),
    ("Gains have come since 2015, when", "since 2015", None, 3, "since"),
    ("The war began in 2011.", "in 2011", None, 3, "year"),
    ("Not since March 2011 has", "since March 2011", None, 3, "since"),
    ("Offensive resumed at noon after", "at noon", None, 1, "clock"),
    ("It wrapped up at around midday.", "at around midday", None, 1, "clock"),
    ("The truce held until noon (0900 GMT) today.", "until noon", None, 1, "clock"),
    ("The truce ended (0900 GMT) as planned.", "0900 GMT", None, 1, "clock"),
    ("Shelling began at 6 a.m. sharp.", "at 6 a.m.", None, 1, "clock"),
]


@pytest.mark.parametrize(("sentence", "text", "date", "precision", "relation"), CASES)
def test_expression_resolves(
    sentence: str, text: str, date: str | None, precision: int, relation: str
) -> None:
    found = find_time_expressions(sentence, MONDAY)
    matching = [e for e in found if e.text == text]
    assert matching, f"{text!r} not found in {found}"
    (expression,) = matching
    assert sentence[expression.start : expression.end] == text
    assert expression.date == (dt.date.fromisoformat(date) if date else None)
    assert expression.precision == precision
    assert expression.relation == relation


def test_several_expressions_in_one_sentence_come_in_order() -> None:
    sentence = "The truce held until noon (0900 GMT) on Monday after a first group left overnight."
    found = find_time_expressions(sentence, MONDAY)
    assert [e.text for e in found] == ["until noon", "0900 GMT", "on Monday", "overnight"]
    assert [e.date for e in found if e.relation != "clock"] == [MONDAY, dt.date(2018, 5, 20)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Some 1,600 people left in 32 buses.",
        "The Observatory counted 233 dead and more than 250 wounded.",
        "A force of 2000 fighters gathered.",
        "Home to some 160,000 refugees.",
        "Standing on Route 30, a soldier sighed.",
        "Sleeper cells may remain in the camp.",
        "The march on the capital stalled.",
        "He said 2018 troops were deployed.",
    ],
)
def test_counts_and_words_are_not_dates(sentence: str) -> None:
    assert find_time_expressions(sentence, MONDAY) == []


def test_without_a_publication_date_relative_words_keep_their_text() -> None:
    sentence = "Fighters left on Monday and overnight, a month ago, in April and on April 14."
    found = {e.text: e for e in find_time_expressions(sentence, None)}
    assert set(found) == {"on Monday", "overnight", "a month ago", "in April", "on April 14"}
    assert all(e.date is None for e in found.values())
    (dated,) = find_time_expressions("It fell on April 14, 2018.", None)
    assert dated.date == dt.date(2018, 4, 14)


def test_months_and_days_roll_back_over_new_year() -> None:
    january = dt.date(2019, 1, 10)
    (month,) = find_time_expressions("The siege began in December.", january)
    assert month.date == dt.date(2018, 12, 1)
    (day,) = find_time_expressions("The siege began on December 28.", january)
    assert day.date == dt.date(2018, 12, 28)
    (weekday,) = find_time_expressions("It began on Saturday.", dt.date(2019, 1, 1))
    assert weekday.date == dt.date(2018, 12, 29)
    (last_month,) = find_time_expressions("It began last month.", january)
    assert last_month.date == dt.date(2018, 12, 1)


def test_a_day_soon_after_publication_is_a_scheduled_date() -> None:
    (scheduled,) = find_time_expressions("Talks are due on May 25.", MONDAY)
    assert scheduled.date == dt.date(2018, 5, 25)
    (deadline,) = find_time_expressions("Troops must leave by January 20.", dt.date(2018, 12, 17))
    assert deadline.date == dt.date(2019, 1, 20)
    (past,) = find_time_expressions("It happened on August 2.", MONDAY)
    assert past.date == dt.date(2017, 8, 2)


def test_impossible_days_are_not_dates() -> None:
    assert find_time_expressions("It happened on April 31.", MONDAY) == []


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Mon, April 23, 2018", dt.date(2018, 4, 23)),
        ("Tue, May 22, 2018", dt.date(2018, 5, 22)),
        ("22 May 2018 10:04 BST", dt.date(2018, 5, 22)),
        ("2018-05-21", dt.date(2018, 5, 21)),
        ("Monday 21st May 2018, 10:04", dt.date(2018, 5, 21)),
        ("21/05/2018", dt.date(2018, 5, 21)),
        ("May 2018", None),
        ("yesterday", None),
    ],
)
def test_parse_date_text(text: str, date: dt.date | None) -> None:
    assert parse_date_text(text) == date


# --------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------

PAST_RELATIONS = {"weekday", "relative", "range", "month"}
FRAGMENTS = [
    *("on Monday", "late Sunday", "Sunday night", "overnight", "last night", "yesterday"),
    *("earlier this week", "last week", "in recent days", "a month ago", "last month"),
    *("in March and April", "in December", "on Saturday and Sunday", "the past four days"),
    *("at the weekend", "three weeks ago", "last Friday", "in 2011", "since 2015", "at noon"),
    *("0900 GMT", "April 14", "14 April", "December 2016", "32 buses", "1,600 people"),
    *("the army said", "fighters left", "Damascus", ",", ".", "and", "in", "on", "May", "of"),
]


@given(
    st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=12).map(" ".join),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)),
)
def test_spans_match_text_and_past_expressions_are_not_after_publication(
    sentence: str, published: dt.date
) -> None:
    found = find_time_expressions(sentence, published)
    previous_end = 0
    for expression in found:
        assert isinstance(expression, TimeExpression)
        assert sentence[expression.start : expression.end] == expression.text
        assert expression.start >= previous_end
        previous_end = expression.end
        says_its_year = any(ch.isdigit() for ch in expression.text)
        if expression.relation in PAST_RELATIONS and not says_its_year and expression.date:
            assert expression.date <= published


@given(st.text(max_size=200), st.none() | st.dates())
def test_any_text_gives_consistent_spans(sentence: str, published: dt.date | None) -> None:
    for expression in find_time_expressions(sentence, published):
        assert sentence[expression.start : expression.end] == expression.text
        assert expression.precision in (1, 2, 3)
