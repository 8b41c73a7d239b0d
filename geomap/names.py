"""Name normalisation shared by the gazetteer index and the text matcher.

Journalists spell one Arabic, Cyrillic or Kurdish name many ways: Yarmouk,
Yarmuk, al-Yarmouk; Tadamon, Tadamun, al-Tadamon; Hajar al-Aswad, al-Hajar
al-Aswad.  Both the gazetteer and the matcher reduce names to one key so
that all of these meet.  The key is for matching only, never for display.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

_APOSTROPHES = "'’‘`´ʼʻ"
_ARTICLE = re.compile(r"^(?:al|el|ar|as|ad|an|at|ash|az|ul)[\s-]+", re.IGNORECASE)
_INNER_ARTICLE = re.compile(
    r"(?<=\s)(?:al|el|ad|ed|ar|er|as|es|ash|esh|at|et|az|ez|an|en|ul)\s+(?=\w{2})", re.IGNORECASE
)
_NON_WORD = re.compile(r"[^\w\s]+")


#: Apostrophes go, hyphens and dashes become spaces: one pass in C.
_FOLD = str.maketrans({**dict.fromkeys(_APOSTROPHES), "-": " ", "‐": " ", "–": " "})


def fold(text: str) -> str:
    """Lower-case, strip diacritics and apostrophes, and unify hyphens/spaces."""
    if not text.isascii():  # ASCII has no diacritics to strip
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    # str.split() and re's \s agree on what whitespace is.
    return " ".join(_NON_WORD.sub(" ", text.translate(_FOLD).casefold()).split())


_Y_AS_I = re.compile(r"(?<=[a-z])y(?=[^aeiou]|$)")
_GLIDE_Y = re.compile(r"(?<=i)y(?=[aiu])")
_FINAL_H = re.compile(r"(?<=[aiu])h$")
_DOUBLED = re.compile(r"([b-df-hj-np-tv-z])\1")


@lru_cache(maxsize=65536)
def _skeleton(word: str) -> str:
    """Collapse transliteration alternations inside one word.

    ou/oo/o/u are one vowel; e/a, i/ee/y are one vowel; doubled consonants are
    single; a final h after a vowel is dropped (Raqqah/Raqqa); a y between i and
    a vowel is a glide that some spellings leave out (Nabatiyeh/Nabatieh,
    Khiyam/Khiam).
    """
    word = word.replace("ou", "u").replace("oo", "u").replace("ee", "i").replace("o", "u")
    # A pattern is run only on a word it can change: most words have no y, no final h.
    if "y" in word:
        word = _Y_AS_I.sub("i", word)
    word = word.replace("e", "a")
    if "y" in word:
        word = _GLIDE_Y.sub("", word)
    if word.endswith("h"):
        word = _FINAL_H.sub("", word)
    return _DOUBLED.sub(r"\1", word)


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The matching key of a place name (cached: a corpus repeats its names).

    >>> name_key("al-Hajar al-Aswad") == name_key("Hajar al Aswad")
    True
    >>> name_key("Tadamoun") == name_key("al-Tadamon") == name_key("Tadamun")
    True
    >>> name_key("Nabatiyeh") == name_key("Nabatieh")
    True
    """
    folded = fold(name)
    if folded[:1] in ("a", "e", "u"):  # every article opens so
        folded = _ARTICLE.sub("", folded)
    if " " in folded:  # an inner article follows a space
        folded = _INNER_ARTICLE.sub("", folded)
    return " ".join(_skeleton(w) for w in folded.split())


# The rewrites of name_key, for a newline-joined block of folded names: none of
# them may match across a newline, so each line keys as its name would alone.
_BLOCK_ARTICLE = re.compile(r"^(?:al|el|ar|as|ad|an|at|ash|az|ul) +", re.IGNORECASE | re.MULTILINE)
_BLOCK_INNER_ARTICLE = re.compile(
    r"(?<= )(?:al|el|ad|ed|ar|er|as|es|ash|esh|at|et|az|ez|an|en|ul) +(?=\w{2})", re.IGNORECASE
)
_BLOCK_FINAL_H = re.compile(r"(?<=[aiu])h(?=[ \n]|\Z)")
_CONSONANTS = "bcdfghjklmnpqrstvwxyz"  # the letters of _DOUBLED's class


def name_keys(names: Sequence[str]) -> list[str]:
    """`name_key` of every name, in order: the same keys, several times faster in bulk.

    For indexing a million names (the GeoNames cache): each step of the key
    runs once over a block of names joined by newlines, in C, instead of once
    per name in Python.  ASCII names make a block of their own (one byte a
    letter there); a name holding a newline is keyed on its own.
    """
    keys = [name_key(name) if "\n" in name else "" for name in names]
    ascii_names = [i for i, name in enumerate(names) if name.isascii() and "\n" not in name]
    others = [i for i, name in enumerate(names) if not name.isascii() and "\n" not in name]
    for group in (ascii_names, others):
        if group:
            block = _key_block("\n".join(names[i] for i in group))
            for i, key in zip(group, block.split("\n"), strict=True):
                keys[i] = key
    return keys


def _key_block(block: str) -> str:
    """name_key of each line of `block`: fold, articles, then the skeleton of every word."""
    if not block.isascii():
        block = unicodedata.normalize("NFKD", block)
        marks = "".join(re.escape(c) for c in sorted(set(block)) if unicodedata.combining(c))
        if marks:
            block = re.sub(f"[{marks}]+", "", block)
    for apostrophe in _APOSTROPHES:  # fold's translate, as str.replace: faster on a block
        block = block.replace(apostrophe, "")  # (its dashes become spaces with _NON_WORD's)
    block = _NON_WORD.sub(" ", block.casefold())
    block = "\n".join(" ".join(line.split()) for line in block.split("\n"))
    block = _BLOCK_INNER_ARTICLE.sub("", _BLOCK_ARTICLE.sub("", block))
    block = block.replace("ou", "u").replace("oo", "u").replace("ee", "i").replace("o", "u")
    block = _GLIDE_Y.sub("", _Y_AS_I.sub("i", block).replace("e", "a"))
    block = _BLOCK_FINAL_H.sub("", block)
    for consonant in _CONSONANTS:  # _DOUBLED's work, one str.replace per letter
        block = block.replace(consonant * 2, consonant)
    return "\n".join(" ".join(line.split()) for line in block.split("\n"))
