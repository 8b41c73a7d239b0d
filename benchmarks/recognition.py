"""Place-name recognition, geomap's matcher side by side with spaCy's PhraseMatcher.

Both get the same gazetteer names and aliases (`Gazetteer.surface_forms()`)
and the same article bodies (the sentences the article reader kept):

  geomap  `tokenize` + `match_names` over each sentence, with the
          `NameIndex` the pipeline builds (name keys: case, diacritics,
          "al-"/"al " variants and possessives folded; capitalised starts).
  spaCy   a blank English pipeline (tokenizer only) and a PhraseMatcher on
          the LOWER attribute, one Doc per article body, longest
          non-overlapping spans kept (`spacy.util.filter_spans`), the usual
          way a peer project would look names up.

Found names are compared as exact character spans in the article text.
"""

from __future__ import annotations

import bisect
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

_SENTENCE_GAP = "\n\n"


def compare(files: Sequence[Path], gazetteer_dir: Path) -> dict[str, Any]:
    """Time both recognisers over `files` and compare what they found."""
    import spacy
    from spacy import about as spacy_about
    from spacy.matcher import PhraseMatcher
    from spacy.util import filter_spans

    from geomap.articles import read_article
    from geomap.gazetteer import load_gazetteer
    from geomap.toponyms import NameIndex, match_names, tokenize

    gaz = load_gazetteer(gazetteer_dir)
    forms = gaz.surface_forms()
    surfaces = sorted({surface for surface, _ in forms})

    articles = [read_article(f) for f in files]
    bodies = [_body(a.text, a.sentences) for a in articles]
    chars = sum(len(body) for body, _ in bodies)

    t = time.perf_counter()
    index = NameIndex.build(forms)
    geomap_setup = time.perf_counter() - t
    t = time.perf_counter()
    geomap_spans: set[tuple[int, int, int]] = set()
    for n, article in enumerate(articles):
        text = article.text
        for start, end in article.sentences:
            for match in match_names(text, tokenize(text, start, end, index.lower_words), index):
                geomap_spans.add((n, match.start, match.end))
    geomap_seconds = time.perf_counter() - t

    t = time.perf_counter()
    nlp = spacy.blank("en")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    matcher.add("PLACE", [nlp.make_doc(surface) for surface in surfaces])
    spacy_setup = time.perf_counter() - t
    t = time.perf_counter()
    spacy_found: list[tuple[int, int, int]] = []
    for n, doc in enumerate(nlp.pipe(body for body, _ in bodies)):
        for span in filter_spans(matcher(doc, as_spans=True)):
            spacy_found.append((n, span.start_char, span.end_char))
    spacy_seconds = time.perf_counter() - t
    spacy_spans = {_to_article(n, s, e, bodies[n][1]) for n, s, e in spacy_found}

    both = geomap_spans & spacy_spans
    union = geomap_spans | spacy_spans

    def examples(spans: set[tuple[int, int, int]]) -> list[list[Any]]:
        counts = Counter(articles[n].text[s:e] for n, s, e in spans)
        return [[name, count] for name, count in counts.most_common(8)]

    return {
        "articles": len(articles),
        "mb_of_text": round(chars / 1e6, 2),
        "surface_forms": len(surfaces),
        "geomap": {
            "setup_s": round(geomap_setup, 4),
            "seconds": round(geomap_seconds, 3),
            "articles_per_s": round(len(articles) / geomap_seconds, 1),
            "names_found": len(geomap_spans),
        },
        "spacy": {
            "version": spacy_about.__version__,
            "setup_s": round(spacy_setup, 4),
            "seconds": round(spacy_seconds, 3),
            "articles_per_s": round(len(articles) / spacy_seconds, 1),
            "names_found": len(spacy_spans),
        },
        "spacy_over_geomap_time": round(spacy_seconds / geomap_seconds, 2),
        "overlap": {
            "both": len(both),
            "geomap_only": len(geomap_spans - spacy_spans),
            "spacy_only": len(spacy_spans - geomap_spans),
            "jaccard": round(len(both) / len(union), 3) if union else 1.0,
            # Same name found, boundaries differ ("southern Damascus" vs "Damascus").
            "geomap_only_overlapping_a_spacy_span": _overlapping(
                geomap_spans - spacy_spans, spacy_spans
            ),
            "geomap_only_examples": examples(geomap_spans - spacy_spans),
            "spacy_only_examples": examples(spacy_spans - geomap_spans),
        },
    }


def _overlapping(spans: set[tuple[int, int, int]], others: set[tuple[int, int, int]]) -> int:
    """How many of `spans` share a character with one of `others` in the same article."""
    by_article: dict[int, list[tuple[int, int]]] = {}
    for n, s, e in others:
        by_article.setdefault(n, []).append((s, e))
    return sum(any(s < oe and os_ < e for os_, oe in by_article.get(n, ())) for n, s, e in spans)


def _body(text: str, sentences: Sequence[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """The kept sentences joined into one body, with (body offset, text offset) per sentence."""
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    at = 0
    for start, end in sentences:
        offsets.append((at, start))
        parts.append(text[start:end])
        at += end - start + len(_SENTENCE_GAP)
    return _SENTENCE_GAP.join(parts), offsets


def _to_article(
    n: int, start: int, end: int, offsets: list[tuple[int, int]]
) -> tuple[int, int, int]:
    """A span in the joined body as a span in the article text."""
    i = bisect.bisect_right(offsets, (start, float("inf"))) - 1
    body_at, text_at = offsets[i]
    return n, text_at + start - body_at, text_at + end - body_at
