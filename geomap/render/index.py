"""index.html: the corpus in one page, the three maps, and a sortable event table.

A plain HTML page (no Leaflet of its own): the maps are embedded as iframes
of their standalone files, so the index stays light and each map keeps its
own scripts.  Every cell that holds article text is escaped here; the sort
script reads `data-sort` attributes and never parses cell HTML.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from geomap.render.popups import (
    DEFAULT_ARTICLE_BASE,
    actors_text,
    article_href,
    counts_text,
    esc,
    place_text,
)
from geomap.render.style import Palette, default_palette

#: The map files render_maps writes, with the caption the index gives each.
MAP_FILES: list[tuple[str, str]] = [
    ("control.html", "Who holds which area, stepping through the dates of change"),
    ("evacuations.html", "Evacuation routes, their direction and size"),
    ("incidents.html", "Every event by type, clustered, with a date filter"),
]

INDEX_CSS = """
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  margin: 0 auto; max-width: 1100px; padding: 12px 16px 40px; color: #1d1d1d; }
h1 { font-size: 24px; margin: 8px 0; } h2 { font-size: 19px; margin-top: 28px; }
.maps { display: grid; grid-template-columns: 1fr; gap: 18px; }
figure { margin: 0; } figcaption { font-size: 13px; color: #444; }
iframe { width: 100%; height: 480px; border: 1px solid #bbb; border-radius: 4px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border-bottom: 1px solid #ddd; padding: 5px 6px; text-align: left;
  vertical-align: top; overflow-wrap: anywhere; }
th { background: #f3f3f3; cursor: pointer; user-select: none; white-space: nowrap; }
th[aria-sort=ascending]::after { content: " ▲"; }
th[aria-sort=descending]::after { content: " ▼"; }
.quote { color: #333; font-size: 12px; }
.table-wrap { overflow-x: auto; }
"""

SORT_JS = r"""
(function () {
  var table = document.getElementById('events');
  if (!table) { return; }
  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th, col) {
    th.addEventListener('click', function () {
      var asc = th.getAttribute('aria-sort') !== 'ascending';
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col].getAttribute('data-sort'), y = b.cells[col].getAttribute('data-sort');
        var c = x < y ? -1 : x > y ? 1 : 0;
        return asc ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
})();
"""


def _article_rows(articles: list[dict[str, Any]], article_base: str) -> str:
    rows = []
    for art in sorted(articles, key=lambda a: (str(a.get("date") or ""), _file(a))):
        file = _file(art)
        rows.append(
            f'<li><a href="{article_href(file, article_base)}">{esc(art.get("title") or file)}</a>'
            f" — {esc(art.get('outlet') or 'unknown outlet')}, {esc(art.get('date') or 'undated')}"
            "</li>"
        )
    return "<ul>" + "".join(rows) + "</ul>"


def _file(article: dict[str, Any]) -> str:
    return str(article.get("file") or article.get("id") or article.get("path") or "")


def _event_rows(events_fc: dict[str, Any], palette: Palette, article_base: str) -> str:
    rows = []
    features = sorted(
        events_fc.get("features", []),
        key=lambda f: (str((f.get("properties") or {}).get("date") or ""), str(f.get("id"))),
    )
    for feature in features:
        props = feature.get("properties") or {}
        date = props.get("date") or ""
        kind = palette.event_type(str(props.get("event_type"))).label
        place = place_text(props)
        actors = actors_text(props.get("actors") or {}, palette)
        numbers = counts_text(props)
        sources = props.get("sources") or []
        links = "<br>".join(
            f'<a href="{article_href(str(s.get("article")), article_base)}">'
            f"{esc(s.get('article'))}</a> "
            f'<span class="quote">“{esc(s.get("quote") or "")}”</span>'
            for s in sources
        )
        mark = " ⚠ disputed" if props.get("contested") else ""
        rows.append(
            "<tr>"
            f'<td data-sort="{esc(date or "9999")}">{esc(date or "undated")}</td>'
            f'<td data-sort="{esc(kind)}">{esc(kind)}{esc(mark)}</td>'
            f'<td data-sort="{esc(place)}">{esc(place)}</td>'
            f'<td data-sort="{esc(actors)}">{esc(actors)}</td>'
            f'<td data-sort="{esc(numbers)}">{esc(numbers)}</td>'
            f'<td data-sort="{len(sources):04d}">{links}</td>'
            "</tr>"
        )
    return "".join(rows)


def index_html(
    events_fc: dict[str, Any],
    places_fc: dict[str, Any],
    *,
    articles: list[dict[str, Any]] | None = None,
    title: str = "geomap",
    article_base: str = DEFAULT_ARTICLE_BASE,
    palette: Palette | None = None,
) -> str:
    """The index page's full HTML text (deterministic: sorted, no timestamps)."""
    palette = palette or default_palette()
    features = events_fc.get("features", [])
    by_type = Counter(
        palette.event_type(str((f.get("properties") or {}).get("event_type"))).label
        for f in features
    )
    dates = sorted(d for f in features if (d := (f.get("properties") or {}).get("date")))
    span = f"from {dates[0]} to {dates[-1]}" if dates else "with no dates"
    n_articles = len(articles) if articles is not None else None
    intro = f"{len(features)} events at {len(places_fc.get('features', []))} places, {span}" + (
        f", read from {n_articles} articles." if n_articles is not None else "."
    )
    types = ", ".join(f"{n} {esc(k.lower())}" for k, n in sorted(by_type.items()))
    maps = "".join(
        f'<figure><iframe src="{name}" title="{esc(caption)}" loading="lazy"></iframe>'
        f'<figcaption><a href="{name}">{esc(caption)}</a></figcaption></figure>'
        for name, caption in MAP_FILES
    )
    corpus = f"<h2>Articles</h2>{_article_rows(articles, article_base)}" if articles else ""
    heads = "".join(
        f'<th scope="col" id="col-{h.lower()}">{h}</th>'
        for h in ("Date", "Type", "Place", "Actors", "Numbers", "Sources")
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{INDEX_CSS}</style>\n</head>\n<body>\n"
        f"<h1>{esc(title)}</h1>\n<p>{esc(intro)} By type: {types}.</p>\n"
        "<p>Every event below is located from the articles' own words; each links its "
        "sources. Click a column heading to sort.</p>\n"
        f'<h2>Maps</h2>\n<div class="maps">{maps}</div>\n{corpus}\n'
        f'<h2>Events</h2>\n<div class="table-wrap"><table id="events"><thead><tr>{heads}'
        f"</tr></thead><tbody>{_event_rows(events_fc, palette, article_base)}</tbody></table>"
        f"</div>\n<script>{SORT_JS}</script>\n</body>\n</html>\n"
    )
