"""Reading articles: encodings, metadata, debris rules, sentence spans, skipping."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import geomap.articles as articles
from geomap.articles import iter_articles, parse_article, read_article, split_sentences
from geomap.errors import ArticleError
from geomap.models import Article, Skipped

FIXTURES = Path(__file__).parent / "data" / "articles"
SEEDS = Path(__file__).parent.parent / "seeds"


def sentence_texts(article: Article) -> list[str]:
    return [article.text[start:end] for start, end in article.sentences]


def dropped_rules(article: Article) -> dict[str, str]:
    return {line: rule for line, rule in article.dropped}


# --------------------------------------------------------------------------
# Folders, manifests, skipping
# --------------------------------------------------------------------------


def test_folder_yields_readable_articles_by_name_and_reports_the_rest() -> None:
    skipped: list[Skipped] = []
    found = list(iter_articles([FIXTURES], on_skip=skipped.append))
    assert [a.meta.id for a in found] == [
        "01_scraped_page.txt",
        "02_front_matter.md",
        "03_windows_1252.txt",
        "04_bom_cr.txt",
    ]
    reasons = {Path(s.path).name: s.reason for s in skipped}
    assert set(reasons) == {"05_menus_only.txt", "06_binary.txt", "07_undecodable.txt"}
    assert "NUL" in reasons["06_binary.txt"]
    assert "Windows-1252" in reasons["07_undecodable.txt"]
    assert "no article text" in reasons["05_menus_only.txt"]


def test_without_a_callback_each_skip_is_one_logged_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    files = [FIXTURES / "06_binary.txt", FIXTURES / "missing.txt", FIXTURES / "04_bom_cr.txt"]
    with caplog.at_level(logging.WARNING, logger="geomap"):
        found = list(iter_articles(files))
    assert [a.meta.id for a in found] == ["04_bom_cr.txt"]
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 2
    assert all("\n" not in m for m in messages)
    assert "06_binary.txt" in messages[0]
    assert "missing.txt" in messages[1] and "not found" in messages[1]


def test_articles_are_streamed_one_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = articles.read_article

    def counting(path: str | Path, manifest_entry: dict[str, object] | None = None) -> Article:
        calls.append(Path(path).name)
        return real(path, manifest_entry)

    monkeypatch.setattr(articles, "read_article", counting)
    stream = iter_articles([FIXTURES])
    first = next(stream)
    assert first.meta.id == "01_scraped_page.txt"
    assert calls == ["01_scraped_page.txt"]


def test_a_single_path_is_not_taken_for_a_list_of_characters() -> None:
    (article,) = list(iter_articles(str(FIXTURES / "04_bom_cr.txt")))
    assert article.meta.id == "04_bom_cr.txt"


def test_manifest_overrides_the_published_line() -> None:
    (article,) = list(iter_articles([FIXTURES / "01_scraped_page.txt"]))
    assert article.meta.published == dt.date(2019, 3, 4)
    assert article.meta.date_source == "manifest"
    assert article.meta.outlet == "Example Wire"
    alone = read_article(FIXTURES / "01_scraped_page.txt")
    assert alone.meta.published == dt.date(2019, 3, 5)
    assert alone.meta.date_source == "published_line"


def test_a_broken_manifest_is_reported_and_the_articles_still_read(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "04_bom_cr.txt", tmp_path)
    (tmp_path / "manifest.yaml").write_text("articles: {not: [a list\n", encoding="utf-8")
    skipped: list[Skipped] = []
    found = list(iter_articles([tmp_path], on_skip=skipped.append))
    assert [a.meta.id for a in found] == ["04_bom_cr.txt"]
    assert [Path(s.path).name for s in skipped] == ["manifest.yaml"]


def test_unreadable_files_raise_article_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ArticleError, match="not found"):
        read_article(tmp_path / "nope.txt")
    with pytest.raises(ArticleError, match="directory"):
        read_article(tmp_path)
    locked = tmp_path / "locked.txt"
    locked.write_text("Some text here.", encoding="utf-8")

    def deny(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", deny)
    with pytest.raises(ArticleError, match="permission") as caught:
        read_article(locked)
    assert caught.value.path == str(locked)


# --------------------------------------------------------------------------
# Encodings and offsets
# --------------------------------------------------------------------------


def test_windows_1252_smart_quotes_and_crlf() -> None:
    article = read_article(FIXTURES / "03_windows_1252.txt")
    assert "\r" not in article.text
    assert sentence_texts(article) == [
        "HARBOUR TOWN -- Officials said “the bridge is closed” after Friday’s quake.",
        "Repairs will take weeks.",
    ]
    assert article.meta.published == dt.date(2021, 6, 4)


def test_bom_and_bare_cr_line_ends() -> None:
    article = read_article(FIXTURES / "04_bom_cr.txt")
    assert not article.text.startswith("\ufeff")
    assert article.text.count("\n") == 4
    assert article.meta.title == "Valley Schools Reopen"
    assert sentence_texts(article)[0].startswith("VALLEYTON -- ")


def test_offsets_point_into_the_file_as_read() -> None:
    raw = (FIXTURES / "02_front_matter.md").read_text(encoding="utf-8")
    article = read_article(FIXTURES / "02_front_matter.md")
    assert article.text == raw
    for start, end in article.sentences:
        piece = raw[start:end]
        assert piece == piece.strip() and piece


# --------------------------------------------------------------------------
# Metadata and debris
# --------------------------------------------------------------------------


def test_front_matter_and_markdown() -> None:
    article = read_article(FIXTURES / "02_front_matter.md")
    meta = article.meta
    assert (meta.title, meta.published, meta.outlet, meta.date_source) == (
        "Ferry Service Resumes After Storm",
        dt.date(2020, 11, 2),
        "Harbour Gazette",
        "front_matter",
    )
    assert sentence_texts(article) == [
        "PORTVILLE -- The first ferry in a week left the quay on Sunday night, the operator said.",
        "“We are back,” a captain told reporters.",
        "Crews repaired the ramp over the weekend.",
        "Timetables return to normal on Nov. 9 at 6 a.m. local time.",
    ]
    rules = dropped_rules(article)
    assert rules["# Ferry Service Resumes After Storm"] == "title"
    assert rules["Related articles"] == "trailer"
    assert rules["Storm closes harbour"] == "trailer"
    assert rules["![A ferry at the quay](https://example.org/ferry.jpg)"] == "link_only"


def test_scraped_page_debris_is_dropped_by_rule() -> None:
    article = read_article(FIXTURES / "01_scraped_page.txt")
    rules = dropped_rules(article)
    assert rules["Skip to content"] == "navigation"
    assert rules["Hi, what are you looking for?"] == "navigation"
    assert rules["Published: Tue, March 5, 2019"] == "published_line"
    assert rules["Region | By Jane Q. Doe"] == "byline"
    assert rules["Borders"] == "section_label"
    assert rules["-"] == "separator"
    assert rules["Like this:"] == "share_prompt"
    assert rules["Copyright 2019 Example Wire. All rights reserved."] == "copyright"
    assert rules["Written By"] == "trailer"
    assert rules["Another headline about a different story entirely."] == "trailer"
    assert [r for _, r in article.dropped].count("title") == 2
    assert [r for _, r in article.dropped].count("repeated_paragraph") == 2
    assert article.meta.title == "Floods Cut Off River Towns in the North"


def test_real_content_survives_the_debris_rules() -> None:
    kept = sentence_texts(read_article(FIXTURES / "01_scraped_page.txt"))
    assert kept == [
        "RIVERTON (Wire) -- Rescue crews on Monday reached two villages cut off by floods, "
        "officials said.",
        "The water had risen overnight.",
        "“The road is gone,” Mayor Ana Ortiz said.",
        "Lt. Col. Sam Reyes said about 1,200 people were moved to higher ground in the past "
        "three days.",
        "Dr. Lee Park of the U.N. agency said 3.5 percent of farms were lost.",
    ]


def test_a_byline_like_opening_of_prose_is_kept() -> None:
    text = "By Monday the army had taken the town.\nBy Jane Doe\n"
    article = parse_article(text, "by.txt")
    assert sentence_texts(article) == ["By Monday the army had taken the town."]
    assert article.dropped == [("By Jane Doe", "byline")]


def test_a_related_heading_above_the_body_does_not_cut_the_article() -> None:
    text = "Related\nLatest news\nThe council met on Friday. It voted.\n"
    article = parse_article(text, "nav.txt")
    assert sentence_texts(article) == ["The council met on Friday.", "It voted."]


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Sign up for our daily newsletter", "navigation"),
        ("Story continues below advertisement", "navigation"),
        ("Photo: Example Wire", "photo_credit"),
        ("Image caption Rescue crews at the bridge", "photo_credit"),
        ("(Photo by Jane Doe/Example Wire)", "photo_credit"),
        ("Reporting by Jane Doe; Editing by John Roe", "byline"),
        ("Updated on 5 March 2019, 10:04", "published_line"),
        ("https://example.org/story/123", "link_only"),
        ("* * *", "separator"),
    ],
)
def test_general_debris_rules(line: str, rule: str) -> None:
    article = parse_article(f"The council met on Friday.\n{line}\nIt voted.\n", "d.txt")
    assert article.dropped == [(line, rule)]
    assert sentence_texts(article) == ["The council met on Friday.", "It voted."]


def test_prose_that_starts_like_a_stamp_is_kept() -> None:
    text = "Updated: the road to the bridge is open again, officials said.\n"
    assert sentence_texts(parse_article(text, "u.txt")) == [text.strip()]


def test_cross_heads_inside_the_body_are_dropped_but_short_sentences_stay() -> None:
    text = (
        "The council met on Friday.\nFlood defences\nIt voted.\n"
        "“No.”\nThe mayor resigned\n"
        "Crews worked through the night to clear the roads and reopen the bridge\n"
    )
    article = parse_article(text, "heads.txt")
    assert sentence_texts(article) == [
        "The council met on Friday.",
        "It voted.",
        "“No.”",
        "Crews worked through the night to clear the roads and reopen the bridge",
    ]
    assert ("Flood defences", "subheading") in article.dropped
    assert ("The mayor resigned", "subheading") in article.dropped


# --------------------------------------------------------------------------
# Seeds (the real corpus)
# --------------------------------------------------------------------------

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="seeds/ not present")


@needs_seeds
def test_seed_bodies_have_no_repeated_sentences_or_debris() -> None:
    for article in iter_articles([SEEDS]):
        texts = sentence_texts(article)
        assert len(texts) == len(set(texts)), article.meta.id
        assert article.meta.published is not None
        for text in texts:
            assert not text.lower().startswith(("like this", "copyright", "you may also"))


@needs_seeds
def test_seed_004_drops_its_pasted_second_copy_and_author_box() -> None:
    article = read_article(SEEDS / "004_17ae0a9fe3fd3c77.txt")
    rules = [rule for _, rule in article.dropped]
    kept = len(article.sentences)
    assert rules.count("repeated_paragraph") >= 10
    assert kept >= 15
    assert "trailer" in rules
    assert not any("different nationalities" in t for t in sentence_texts(article))


@needs_seeds
def test_seed_dateline_paragraph_stays_whole() -> None:
    article = read_article(SEEDS / "000_2fa563539f5b959a.txt")
    first = sentence_texts(article)[0]
    assert first.startswith("BEIRUT (AP) -- Syrian government forces")
    assert first.endswith("reported.")
    assert article.meta.title is not None and "Offensive" in article.meta.title


# --------------------------------------------------------------------------
# Sentence splitting
# --------------------------------------------------------------------------

SPLIT_CASES = [
    ("Gen. Ali Mayhoub said the army won. The war goes on.", 2),
    ("Lt. Col. John Smith spoke. Dr. Jones agreed.", 2),
    ("The U.S. and the U.N. met in St. Louis. Talks failed.", 2),
    ("It was handed to the U.S. The next day it rained.", 2),
    ("George W. Bush arrived on Jan. 5 at 3 p.m. local time.", 1),
    ("It began at 9 a.m. The army moved in.", 2),
    ("Some 1,600 people left. About 3.5 percent stayed.", 2),
    ("He said: “We won.” Then he left.", 2),
    ('He said "We won." Then he left.', 2),
    ("See No. 5 for details. It is long.", 2),
    ("Is it over? Nobody knows! Fighting went on.", 3),
    ("The ceasefire ended... Fighting resumed.", 2),
    ("Mr. and Mrs. Ortiz fled, i.e. they left. Others stayed.", 2),
    ("BEIRUT (AP) -- Forces on Monday resumed the offensive, state TV reported.", 1),
]


@pytest.mark.parametrize(("paragraph", "count"), SPLIT_CASES)
def test_sentence_splitting(paragraph: str, count: int) -> None:
    spans = split_sentences(paragraph, 0, len(paragraph))
    assert len(spans) == count, [paragraph[s:e] for s, e in spans]
    assert " ".join(paragraph[s:e] for s, e in spans) == paragraph


paragraph_text = st.lists(
    st.sampled_from(
        [
            *("Gen.", "U.S.", "Dr.", "1,600", "3.5", "W.", "said", "“Yes.”", "Damascus", "a.m."),
            *("?", "The", "army", "left.", "It", "rained!", "No.", "5", "e.g.", "...", "\t"),
        ]
    ),
    min_size=1,
    max_size=40,
).map(" ".join)


@given(paragraph_text)
def test_sentence_spans_tile_the_paragraph(paragraph: str) -> None:
    paragraph = paragraph.strip()
    spans = split_sentences(paragraph, 0, len(paragraph))
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(paragraph)
        piece = paragraph[start:end]
        assert piece == piece.strip()
        assert not paragraph[previous_end:start].strip()
        previous_end = end
    assert previous_end == len(paragraph)


@given(st.text(max_size=300))
def test_any_text_gives_an_article_or_a_clear_error(text: str) -> None:
    try:
        article = parse_article(text, "random.txt")
    except ArticleError as exc:
        assert exc.path == "random.txt"
        return
    for start, end in article.sentences:
        assert 0 <= start < end <= len(article.text)
        assert article.text[start:end].strip() == article.text[start:end]


def test_a_labelled_headline_is_the_title_without_its_label() -> None:
    text = (
        "Title: Storm leaves thousands without power\n"
        "Date: 2022-01-18\n\n"
        "A storm swept across the coast on Tuesday, officials said.\n\n"
        "Storm leaves thousands without power\n"
    )
    article = parse_article(text, "storm.txt")
    assert article.meta.title == "Storm leaves thousands without power"
    assert str(article.meta.published) == "2022-01-18"
    # The headline repeated in the body is the title's, not a sentence.
    assert [article.text[s:e] for s, e in article.sentences] == [
        "A storm swept across the coast on Tuesday, officials said."
    ]
