"""A timeline chart of event counts, drawn on the server as SVG: stacked bars, one a period, one colour a group.

Written here because the pages use no script (their Content-Security-Policy allows none) and the chart is a
few rectangles: a charting library would bring scripts or a rendering stack for what a loop draws.
"""

from __future__ import annotations

from markupsafe import Markup, escape

# Colour-blind-safe categorical colours (Okabe & Ito 2008), then grey for the groups past them.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
OTHERS = "#999999"
WIDTH, HEIGHT, MARGIN, LEGEND = 720, 220, 28, 18
BAR_WIDEST = 48  # a bar is no wider than this, however few the periods
LABELLED_PERIODS = 12  # up to this many periods each has its label; past it, the first and the last only
LEGEND_COLUMNS = 4


def timeline_svg(series: dict[str, dict[str, int]], title: str) -> Markup:
    """Stacked bars of `series` ({group: {period: count}}, the largest group first), the groups past the
    palette's colours drawn together as "other"; an empty Markup when there is nothing to draw."""
    periods = sorted({period for counts in series.values() for period in counts})
    if not periods:
        return Markup("")
    named = list(series)[: len(PALETTE)]
    rest = {p: sum(series[g].get(p, 0) for g in list(series)[len(PALETTE) :]) for p in periods}
    stacks = [(name, colour, series[name]) for name, colour in zip(named, PALETTE, strict=False)]
    if any(rest.values()):
        stacks.append(("other", OTHERS, rest))
    tallest = max(sum(counts.get(p, 0) for _, _, counts in stacks) for p in periods)
    plot = HEIGHT - 2 * MARGIN
    step = (WIDTH - 2 * MARGIN) / len(periods)
    parts = [
        Markup('<svg class="timeline-chart" role="img" viewBox="0 0 {} {}" xmlns="http://www.w3.org/2000/svg">').format(
            WIDTH, HEIGHT + LEGEND * -(-len(stacks) // LEGEND_COLUMNS)
        ),
        Markup("<title>{}</title>").format(title),
        Markup('<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" stroke="#888"/>').format(
            MARGIN, HEIGHT - MARGIN, WIDTH - MARGIN
        ),
        Markup('<text x="{}" y="{}" font-size="11">{}</text>').format(MARGIN, MARGIN - 8, tallest),
    ]
    bar = min(step - 2, BAR_WIDEST)
    for index, period in enumerate(periods):
        x, base = MARGIN + index * step + (step - bar) / 2, float(HEIGHT - MARGIN)
        for name, colour, counts in stacks:
            count = counts.get(period, 0)
            if count:
                height = plot * count / tallest
                base -= height
                parts.append(
                    Markup(
                        '<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}">'
                        "<title>{} {}: {}</title></rect>"
                    ).format(x, base, max(bar, 1), height, colour, period, name, count)
                )
        if index in (0, len(periods) - 1) or len(periods) <= LABELLED_PERIODS:
            parts.append(
                Markup('<text x="{:.1f}" y="{}" font-size="10" text-anchor="middle">{}</text>').format(
                    x + bar / 2, HEIGHT - MARGIN + 14, period
                )
            )
    for number, (name, colour, _) in enumerate(stacks):
        x, y = MARGIN + (number % LEGEND_COLUMNS) * 170, HEIGHT + LEGEND * (number // LEGEND_COLUMNS)
        parts.append(
            Markup(
                '<rect x="{}" y="{}" width="10" height="10" fill="{}"/><text x="{}" y="{}" font-size="11">{}</text>'
            ).format(x, y - 9, colour, x + 14, y, escape(name))
        )
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)
