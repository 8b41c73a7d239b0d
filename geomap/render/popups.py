"""Popup HTML for events and places, escaped here and nowhere else.

Every string that came from an article (quotes, attributions, names, date
words, file names) passes through `html.escape` before it becomes markup,
so a quote holding `<script>` shows as text.  Each quote links to its
article file under `article_base`, so a reader can check the source.
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


def event_popup(props: dict[str, Any], palette: Palette, article_base: str) -> str:
    """The popup of one event feature: what, where, when, who, how many, sources."""
    kind = palette.event_type(str(props.get("event_type"))).label
    lines = [f"<h3>{esc(kind)}: {esc(place_text(props))}</h3>"]
    date = props.get("date") or "date unknown"
    if props.get("date_text"):
        date = f"{date} (“{props['date_text']}”)"
    lines.append(f'<div class="meta">{esc(date)}</div>')
    who = actors_text(props.get("actors") or {}, palette)
    if who:
        lines.append(f'<div class="meta">{esc(who)}</div>')
    numbers = counts_text(props)
    if numbers:
        lines.append(f'<div class="meta">{esc(numbers)}</div>')
    status = "corroborated by several articles" if props.get("corroborated") else "one source"
    lines.append(f'<div class="meta">{esc(status)}</div>')
    if props.get("contested"):
        lines.append('<div class="denied">⚠ Denied or disputed by a party</div>')
    sources = props.get("sources") or []
    lines.append(f"<div><b>Sources ({len(sources)})</b></div>")
    lines.append(evidence_html(sources, article_base, denial=False))
    denials = props.get("denials") or []
    if denials:
        lines.append("<div><b>Denials</b></div>")
        lines.append(evidence_html(denials, article_base, denial=True))
    return f'<div class="geomap-popup">{"".join(lines)}</div>'


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
