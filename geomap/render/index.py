"""index.html: the corpus in one page, the three maps, and a sortable event table.

A plain HTML page (no Leaflet of its own): the maps are embedded as iframes
of their standalone files, so the index stays light and each map keeps its
own scripts.  Every cell that holds article text is escaped here; the sort
script reads `data-sort` attributes and never parses cell HTML.
"""

from __future__ import annotations

import json
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

#: Above this many events, the index embeds its maps only when asked.
HEAVY_EVENTS = 1000

SORT_JS = r"""
Array.prototype.forEach.call(document.querySelectorAll('button.load-map'), function (b) {
  b.addEventListener('click', function () {
    var frame = b.closest('figure').querySelector('iframe');
    frame.src = frame.getAttribute('data-src');
    b.remove();
  });
});
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


#: Beside an article that names no armed party and no sign of war: no event was read from it.
NO_CONFLICT_NOTE = (
    ' <span class="geomap-no-conflict">(tells of no armed conflict: read for places only)</span>'
)


def _article_rows(articles: list[dict[str, Any]], article_base: str) -> str:
    rows = []
    for art in sorted(articles, key=lambda a: (str(a.get("date") or ""), _file(a))):
        file = _file(art)
        rows.append(
            f'<li><a href="{article_href(file, article_base)}">{esc(art.get("title") or file)}</a>'
            f" — {esc(art.get('outlet') or 'unknown outlet')}, {esc(art.get('date') or 'undated')}"
            + (NO_CONFLICT_NOTE if art.get("no_conflict") else "")
            + "</li>"
        )
    return "<ul>" + "".join(rows) + "</ul>"


def _file(article: dict[str, Any]) -> str:
    return str(article.get("file") or article.get("id") or article.get("path") or "")


PAGED_JS = r"""
(function () {
  // Many events: rows are built here, a page at a time, from the embedded data,
  // with textContent only (article text never becomes HTML).
  var data = JSON.parse(document.getElementById('events-data').textContent);
  var table = document.getElementById('events'), body = table.tBodies[0];
  var info = document.getElementById('events-page'), size = 200, start = 0;
  var heads = table.tHead.rows[0].cells;
  function cell(row, text, sortKey) {
    var td = document.createElement('td');
    td.textContent = text;
    td.setAttribute('data-sort', sortKey);
    row.appendChild(td);
    return td;
  }
  function render() {
    body.textContent = '';
    data.slice(start, start + size).forEach(function (e) {
      var tr = document.createElement('tr');
      for (var i = 0; i < 5; i++) { cell(tr, e.cells[i], e.keys[i]); }
      var td = cell(tr, '', e.keys[5]);
      e.sources.forEach(function (s, k) {
        if (k) { td.appendChild(document.createElement('br')); }
        var a = document.createElement('a');
        a.href = s[1]; a.textContent = s[0];
        var q = document.createElement('span');
        q.className = 'quote'; q.textContent = ' “' + s[2] + '”';
        td.appendChild(a); td.appendChild(q);
      });
      body.appendChild(tr);
    });
    info.textContent = 'Events ' + (start + 1) + '–' + Math.min(start + size, data.length) +
      ' of ' + data.length + ' (all of them are in events.csv and events.geojson).';
  }
  document.getElementById('events-prev').addEventListener('click', function () {
    start = Math.max(0, start - size); render();
  });
  document.getElementById('events-next').addEventListener('click', function () {
    if (start + size < data.length) { start += size; render(); }
  });
  Array.prototype.forEach.call(heads, function (th, col) {
    th.addEventListener('click', function () {
      var asc = th.getAttribute('aria-sort') !== 'ascending';
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      data.sort(function (a, b) {
        var x = a.keys[col], y = b.keys[col];
        var c = x < y ? -1 : x > y ? 1 : 0;
        return asc ? c : -c;
      });
      start = 0; render();
    });
  });
  render();
})();
"""


def _event_data(events_fc: dict[str, Any], palette: Palette, article_base: str) -> str:
    """The events as JSON for PAGED_JS, safe inside a <script> element."""
    rows = []
    for feature in sorted(
        events_fc.get("features", []),
        key=lambda f: (str((f.get("properties") or {}).get("date") or ""), str(f.get("id"))),
    ):
        props = feature.get("properties") or {}
        date = props.get("date") or ""
        kind = palette.event_type(str(props.get("event_type"))).label
        kind += " ⚠ disputed" if props.get("contested") else ""
        cells = [
            date or "undated",
            kind,
            place_text(props),
            actors_text(props.get("actors") or {}, palette),
            counts_text(props),
        ]
        sources = [
            [
                str(s.get("article")),
                article_href(str(s.get("article")), article_base),
                str(s.get("quote") or ""),
            ]
            for s in props.get("sources") or []
        ]
        keys = [date or "9999", *cells[1:], f"{len(sources):04d}"]
        rows.append({"cells": cells, "keys": keys, "sources": sources})
    text = json.dumps(rows, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c")  # no "</script>" or "<!--" can close the element


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
    # With many events the embedded maps wait for a click, so the table is usable at once.
    attr = "data-src" if len(features) > HEAVY_EVENTS else "src"
    button = (
        '<button type="button" class="load-map">Show this map here</button>'
        if attr == "data-src"
        else ""
    )
    maps = "".join(
        f'<figure><iframe {attr}="{name}" title="{esc(caption)}" loading="lazy"></iframe>'
        f'<figcaption><a href="{name}">{esc(caption)}</a> {button}</figcaption></figure>'
        for name, caption in MAP_FILES
    )
    corpus = f"<h2>Articles</h2>{_article_rows(articles, article_base)}" if articles else ""
    heads = "".join(
        f'<th scope="col" id="col-{h.lower()}">{h}</th>'
        for h in ("Date", "Type", "Place", "Actors", "Numbers", "Sources")
    )
    if len(features) > HEAVY_EVENTS:
        table = (
            f'<p id="events-page"></p><p><button type="button" id="events-prev">Previous</button> '
            f'<button type="button" id="events-next">Next</button></p>'
            f'<div class="table-wrap"><table id="events"><thead><tr>{heads}</tr></thead>'
            f"<tbody></tbody></table></div>\n"
            f'<script type="application/json" id="events-data">'
            f"{_event_data(events_fc, palette, article_base)}</script>\n"
            f"<script>{SORT_JS.split('(function () {', 1)[0]}{PAGED_JS}</script>"
        )
    else:
        table = (
            f'<div class="table-wrap"><table id="events"><thead><tr>{heads}'
            f"</tr></thead><tbody>{_event_rows(events_fc, palette, article_base)}</tbody>"
            f"</table></div>\n<script>{SORT_JS}</script>"
        )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{INDEX_CSS}</style>\n</head>\n<body>\n"
        f"<h1>{esc(title)}</h1>\n<p>{esc(intro)} By type: {types}.</p>\n"
        "<p>Every event below is located from the articles' own words; each links its "
        "sources. Click a column heading to sort.</p>\n"
        f'<h2>Maps</h2>\n<div class="maps">{maps}</div>\n{corpus}\n'
        f"<h2>Events</h2>\n{table}\n</body>\n</html>\n"
    )
