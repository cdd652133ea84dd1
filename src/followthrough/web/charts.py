"""Charts as inline SVG, drawn on the server: no chart library, no script, readable by
screen readers (each chart carries its numbers as text too)."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 560
ROW = 34
LABEL = 230
BAR = WIDTH - LABEL - 70


def bars(title: str, rows: list[tuple[str, int]]) -> SafeString:
    """Horizontal bars, one per (label, count)."""
    top = max((n for _, n in rows), default=0) or 1
    height = ROW * len(rows) + 10
    items = format_html_join(
        "",
        '<g><text x="0" y="{}" class="chart-label">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="20" rx="3" class="chart-bar"></rect>'
        '<text x="{}" y="{}" class="chart-value">{}</text></g>',
        (
            (
                i * ROW + 20,
                label,
                LABEL,
                i * ROW + 6,
                max(1, round(BAR * n / top)) if n else 0,
                LABEL + (round(BAR * n / top) if n else 0) + 8,
                i * ROW + 20,
                n,
            )
            for i, (label, n) in enumerate(rows)
        ),
    )
    summary = "; ".join(f"{label}: {n}" for label, n in rows)
    return format_html(
        '<svg viewBox="0 0 {} {}" width="100%" role="img" aria-label="{}" class="chart"><title>{}</title>{}</svg>',
        WIDTH,
        height,
        f"{title}. {summary}",
        title,
        items,
    )


def share_bars(title: str, rows: list[tuple[str, int, int]]) -> SafeString:
    """Bars out of 100%, one per (label, part, whole); a whole of 0 shows an empty track."""
    height = ROW * len(rows) + 10
    parts = []
    for i, (label, part, whole) in enumerate(rows):
        share = part / whole if whole else 0.0
        text = f"{round(share * 100)}% ({part} of {whole})" if whole else "no data yet"
        parts.append(
            format_html(
                '<g><text x="0" y="{}" class="chart-label">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="20" rx="3" class="chart-track"></rect>'
                '<rect x="{}" y="{}" width="{}" height="20" rx="3" class="chart-bar"></rect>'
                '<text x="{}" y="{}" class="chart-value">{}</text></g>',
                i * ROW + 20,
                label,
                LABEL,
                i * ROW + 6,
                BAR,
                LABEL,
                i * ROW + 6,
                round(BAR * share),
                LABEL + BAR + 8,
                i * ROW + 20,
                f"{round(share * 100)}%" if whole else "–",
            )
        )
        parts[-1] = format_html("{}<desc>{}: {}</desc>", parts[-1], label, text)
    summary = "; ".join(
        f"{label}: {round(part / whole * 100)}% ({part} of {whole})" if whole else f"{label}: no data yet"
        for label, part, whole in rows
    )
    return format_html(
        '<svg viewBox="0 0 {} {}" width="100%" role="img" aria-label="{}" class="chart"><title>{}</title>{}</svg>',
        WIDTH + 60,
        height,
        f"{title}. {summary}",
        title,
        SafeString("".join(parts)),
    )
