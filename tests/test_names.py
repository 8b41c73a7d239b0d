"""Name keys: every journalist's spelling of a place meets the same key."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geomap.names import fold, name_key


@pytest.mark.parametrize(
    "variants",
    [
        ["Yarmouk", "Yarmuk", "al-Yarmouk", "Al Yarmouk"],
        ["Tadamon", "Tadamun", "Tadamoun", "al-Tadamon", "al-Tadamun"],
        ["Hajar al-Aswad", "al-Hajar al-Aswad", "Hajar al Aswad", "Hajar el-Aswad"],
        ["Deir ez-Zor", "Deir el-Zour", "Deir al-Zor"],
        ["Raqqa", "Raqqah", "al-Raqqa"],
        ["Douma", "Duma"],
        ["Hammam al-Alil", "Hammam Al Alil"],
    ],
)
def test_spelling_variants_share_a_key(variants: list[str]) -> None:
    keys = {name_key(v) for v in variants}
    assert len(keys) == 1, keys


@pytest.mark.parametrize(("a", "b"), [("Homs", "Hama"), ("Idlib", "Afrin"), ("Aleppo", "Latakia")])
def test_different_places_keep_different_keys(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


def test_fold_strips_diacritics_apostrophes_and_case() -> None:
    assert fold("Dūmā") == "duma"
    assert fold("Damascus’") == "damascus"
    assert fold("Ma'arat al-Numan") == "maarat al numan"


@given(st.text(alphabet=st.characters(codec="utf-8", categories=["L", "Zs", "Pd"]), max_size=30))
def test_fold_is_idempotent(text: str) -> None:
    once = fold(text)
    assert fold(once) == once


def test_a_glide_y_after_i_is_one_spelling_with_none() -> None:
    assert name_key("Nabatiyeh") == name_key("Nabatieh")
    assert name_key("Khiyam") == name_key("Khiam")
    assert name_key("Ashrafiyeh") == name_key("Ashrafieh")
