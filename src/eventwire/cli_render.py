"""Human-readable rendering of a Result for the terminal (the default of ``extract``)."""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from eventwire.model import Result

# Paragraphs of body text shown; the rest is summarised by a count.
PREVIEW_PARAGRAPHS = 3


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
    for warning in result.warnings:
        console.print(Text(f"warning: {warning}", style="yellow"))
