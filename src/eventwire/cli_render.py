"""Human-readable rendering of a Result for the terminal (the default of ``extract``)."""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from eventwire.model import Result

# Paragraphs of body text shown; the rest is summarised by a count.
PREVIEW_PARAGRAPHS = 3
# Characters of a quote shown.
QUOTE_PREVIEW = 160


def render_result(result: Result, console: Console) -> None:
    """Print one article's fields, a body preview and what was removed."""
    article = result.article
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold cyan")
    facts.add_column()
    rows = {
        "id": article.id,
        "published": f"{article.published} ({article.published_from})" if article.published else "unknown",
        "language": article.language or "unknown",
        "machine translated": f"{article.machine_translated}  {'; '.join(article.mt_signals)}".strip(),
        "agency": article.agency or "-",
        "cited sources": ", ".join(article.cited_sources) or "-",
        "page": article.page_kind,
        "source": article.source_domain or "-",
    }
    for key, value in rows.items():
        facts.add_row(key, Text(str(value)))
    paragraphs = [p for p in article.text.split("\n\n") if p]
    body = Text("\n\n".join(paragraphs[:PREVIEW_PARAGRAPHS]))
    if len(paragraphs) > PREVIEW_PARAGRAPHS:
        body.append(f"\n\n… {len(paragraphs) - PREVIEW_PARAGRAPHS} more paragraphs", style="dim")
    removed = Text("\n".join(f"- {line}" for line in article.removed), style="dim")
    console.print(Panel(facts, title=Text(article.title or "(no title)", style="bold"), title_align="left"))
    console.print(Panel(body, title="text", title_align="left"))
    if article.removed:
        console.print(Panel(removed, title=f"removed ({len(article.removed)})", title_align="left"))
    _render_who_where(result, console)
    _render_events(result, console)
    for warning in result.warnings:
        console.print(Text(f"warning: {warning}", style="yellow"))


def _render_who_where(result: Result, console: Console) -> None:
    """People, organisations, places and quotes, one line each."""
    if not (result.entities or result.places or result.quotes):
        return
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold cyan")
    grid.add_column()
    for label, title in (("PERSON", "people"), ("ORG", "organisations")):
        names = []
        for entity in result.entities:
            if entity.label == label:
                roles = f" ({'; '.join(entity.roles)})" if entity.roles else ""
                names.append(f"{entity.canonical or entity.text}{roles}")
        grid.add_row(title, Text(", ".join(names) or "-"))
    places = dict.fromkeys(
        f"{p.name} [{p.geonameid or '-'}] {p.country or ''}".strip() for p in result.places if p.geonameid
    )
    grid.add_row("places", Text(", ".join(places) or "-"))
    for quote in result.quotes:
        if quote.direct:
            grid.add_row("quote", Text(f"{quote.speaker or '?'}: “{quote.text[:QUOTE_PREVIEW]}”"))
    console.print(Panel(grid, title="who and where", title_align="left"))


def _render_events(result: Result, console: Console) -> None:
    """Events as a table: what, who, where, when, casualties, flags, confidence."""
    if not result.events:
        return
    table = Table(title="events", title_justify="left", expand=True)
    for column in ("what", "actors", "where", "when", "killed", "flags", "conf."):
        table.add_column(column, overflow="fold")
    for event in result.events:
        killed = event.fatalities
        bounds = "-" if killed is None else f"{killed.min if killed.min is not None else '?'}..{killed.max or ''}"
        when = event.date.start.isoformat() if event.date and event.date.start else "-"
        actors = " → ".join(a for a in (event.actor1, event.actor2) if a) or "-"
        table.add_row(
            Text(event.subtype or event.type), Text(actors),
            Text(event.location.name if event.location else "-"), when, bounds,
            ", ".join(event.flags) or "-", f"{event.confidence:.2f}",
        )  # fmt: skip
    console.print(table)
