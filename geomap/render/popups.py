"""What popups say: events as plain-text fields, controlled areas as escaped HTML.

An event's popup travels as text (`event_popup_fields`) and the page lays
it out with `textContent`, so a quote holding `<script>` shows as text.  A
controlled area's popup is HTML built here, where every string that came
from an article (quotes, attributions, names, file names) passes through
`html.escape` first.  Each quote links to its article file under
`article_base`, so a reader can check the source.
"""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import quote

from geomap.render.style import Palette, actor_label

#: Where popups link article files, relative to the maps folder.
DEFAULT_ARTICLE_BASE = "../seeds/"


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def article_href(article: str, article_base: str) -> str:
    """The escaped link to an article file (the file name is URL-quoted too)."""
    return esc(article_base + quote(article, safe=""))


def actors_text(actors: dict[str, Any], palette: Palette) -> str:
    """Who did what, in words: 'A, B against C', 'from X to Y', 'evacuees: ...'."""
    parts = []
    by = [actor_label(a, palette) for a in actors.get("by") or []]
    against = [actor_label(a, palette) for a in actors.get("against") or []]
    if by and against:
        parts.append(f"{', '.join(by)} against {', '.join(against)}")
    elif by:
        parts.append(", ".join(by))
    elif against:
        parts.append(f"against {', '.join(against)}")
    if actors.get("from") or actors.get("to"):
        before = actor_label(actors["from"], palette) if actors.get("from") else "unknown"
        after = actor_label(actors["to"], palette) if actors.get("to") else "unknown"
        parts.append(f"from {before} to {after}")
    evacuees = [actor_label(a, palette) for a in actors.get("evacuees") or []]
    if evacuees:
        parts.append(f"evacuees: {', '.join(evacuees)}")
    return "; ".join(parts)


def counts_text(props: dict[str, Any]) -> str:
    """Best numbers, then every differing claim with the article that makes it."""
    counts = props.get("counts") or {}
    best = " · ".join(f"{value:,} {kind}" for kind, value in sorted(counts.items()))
    differing = [
        claim
        for claim in props.get("count_claims") or []
        if counts.get(claim.get("kind")) not in (None, claim.get("value"))
    ]
    if differing:
        claims = "; ".join(f"{c['text']} ({c.get('article') or 'unsourced'})" for c in differing)
        best += f" (other claims: {claims})"
    return best


def place_text(props: dict[str, Any]) -> str:
    if props.get("origin") or props.get("destination"):
        origin = props.get("origin") or "unstated origin"
        destination = props.get("destination") or "unstated destination"
        return f"{origin} → {destination}"
    place = str(props.get("place") or "unplaced")
    return f"{props['place_relation']} {place}" if props.get("place_relation") else place


def evidence_html(items: list[dict[str, Any]], article_base: str, *, denial: bool) -> str:
    cls = ' class="denial"' if denial else ""
    out = []
    for item in items:
        article = str(item.get("article") or "")
        who = f"{esc(item['attribution'])}, " if item.get("attribution") else ""
        out.append(
            f"<blockquote{cls}>{esc(item.get('quote') or '')}"
            f'<div class="src">— {who}<a href="{article_href(article, article_base)}" '
            f'target="_blank" rel="noopener">{esc(article)}</a></div></blockquote>'
        )
    return "".join(out)


def event_popup_fields(props: dict[str, Any], palette: Palette) -> dict[str, Any]:
    """What an event's popup says, as plain-text fields for the page to lay out.

    The page builds the popup with `textContent` (`geomapEventPopup`), so no
    article text ever becomes markup, and 10,000 events ship their words
    without 10,000 copies of the popup's tags.  Evidence items are
    `[quote, attribution, article file]` until `cite_articles` numbers the files.
    """
    kind = palette.event_type(str(props.get("event_type"))).label
    date = props.get("date") or "date unknown"
    if props.get("date_text"):
        date = f"{date} (“{props['date_text']}”)"
    elif props.get("date") and props.get("time_precision") == 2:
        # The text gives no day: the article's own date stands in, and says so.
        date = f"{date} (the article's date; the text gives no day)"
    meta = [date, actors_text(props.get("actors") or {}, palette), counts_text(props)]
    meta.append("corroborated by several articles" if props.get("corroborated") else "one source")

    def evidence(items: list[dict[str, Any]]) -> list[list[Any]]:
        return [
            [
                str(i.get("quote") or ""),
                str(i.get("attribution") or ""),
                str(i.get("article") or ""),
            ]
            for i in items
        ]

    return {
        "heading": f"{kind}: {place_text(props)}",
        "meta": [line for line in meta if line],
        "disputed": bool(props.get("contested")),
        "sources": evidence(props.get("sources") or []),
        "denials": evidence(props.get("denials") or []),
    }


def cite_articles(popups: list[dict[str, Any]], article_base: str) -> list[list[str]]:
    """Name each article file once per page; popups then cite it by its position.

    Returns the `[file name, link]` table (sorted, so the page does not depend
    on the order of the input) and rewrites each evidence item's file name in
    `popups` to its index in that table.
    """
    names = sorted(
        {item[2] for popup in popups for key in ("sources", "denials") for item in popup[key]}
    )
    index = {name: i for i, name in enumerate(names)}
    for popup in popups:
        for key in ("sources", "denials"):
            for item in popup[key]:
                item[2] = index[item[2]]
    return [[name, article_base + quote(name, safe="")] for name in names]


def control_popup(
    props: dict[str, Any],
    events_by_id: dict[str, dict[str, Any]],
    palette: Palette,
    article_base: str,
) -> str:
    """A controlled area's popup: its holders over time and the evidence for each."""
    lines = [f"<h3>{esc(props.get('name') or props.get('id'))}</h3>"]
    lines.append(f'<div class="meta">{esc(props.get("kind") or "")}</div>')
    for period in props.get("control") or []:
        holder = actor_label(period["holder"], palette) if period.get("holder") else "unknown"
        since = period.get("since") or "…"
        until = period.get("until") or "…"
        notes = []
        if period.get("basis") == "reported":
            notes.append("reported earlier holder")
        notes.append("corroborated" if period.get("corroborated") else "uncorroborated")
        if period.get("contested"):
            notes.append("disputed")
        lines.append(
            f'<div class="meta"><b>{esc(holder)}</b> {esc(since)} – {esc(until)} '
            f"({esc(', '.join(notes))})</div>"
        )
        for event_id in period.get("event_ids") or []:
            event = events_by_id.get(event_id)
            if event is None:
                continue
            eprops = event.get("properties") or {}
            lines.append(evidence_html(eprops.get("sources") or [], article_base, denial=False))
            lines.append(evidence_html(eprops.get("denials") or [], article_base, denial=True))
    return f'<div class="geomap-popup">{"".join(lines)}</div>'
