"""Bar charts drawn at build time as inline SVG: nothing to load, nothing run in the browser.

Each chart says its figures in its <title>/<desc> for a screen reader, and the same
figures stand in the dashboard's table beside it. Colours are the site's reds and an
amber, each at least 3:1 on white (WCAG 1.4.11), with the count written on the bar so
that colour is never the only cue.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from ..summary import Summary
from ..text import money, share

WIDTH = 360
LABEL = 96  # the studio's department, left of the bars
BAR_END = 318  # room for the value on the right
ROW = 26
BAR = 16
FONT = 12
YEAR_COLOURS = ("#9b6b00", "#c9473f", "#8c1d18")  # 4.6, 4.9 and 9.4 : 1 against white text
TRACK = "#e9e2e1"


@dataclass(frozen=True)
class Bar:
    label: str
    parts: tuple[int, ...]  # stacked segments
    value: str  # written after the bar


def _svg(ident: str, title: str, desc: str, height: int, shapes: list[str]) -> Markup:
    return Markup(
        f'<svg class="sc-chart__svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(desc)}</desc>'
        + "".join(shapes) + "</svg>"
    )


def _text(x: float, y: float, said: str, anchor: str = "start", fill: str = "#1f1f1f", weight: str = "") -> str:
    bold = ' font-weight="700"' if weight else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{FONT}" text-anchor="{anchor}" fill="{fill}"{bold} '
            f'dominant-baseline="central">{escape(said)}</text>')


def stacked_bars(ident: str, title: str, desc: str, bars: list[Bar], legend: tuple[str, ...], scale_to: int) -> Markup:
    shapes: list[str] = []
    span = BAR_END - LABEL - 40
    for row, bar in enumerate(bars):
        middle = row * ROW + ROW / 2
        shapes.append(_text(LABEL - 6, middle, bar.label, anchor="end"))
        x = float(LABEL)
        for index, part in enumerate(bar.parts):
            if not part:
                continue
            width = span * part / scale_to if scale_to else 0
            colour = YEAR_COLOURS[index % len(YEAR_COLOURS)]
            shapes.append(f'<rect x="{x:.1f}" y="{middle - BAR / 2:.1f}" width="{width:.1f}" height="{BAR}" fill="{colour}" '
                          f'stroke="#fff" stroke-width="1"/>')
            if width >= 14:
                shapes.append(_text(x + width / 2, middle, str(part), anchor="middle", fill="#fff"))
            x += width
        shapes.append(_text(x + 5, middle, bar.value, weight="bold"))
    top = len(bars) * ROW + 6
    x = 4.0
    for index, name in enumerate(legend):
        colour = YEAR_COLOURS[index % len(YEAR_COLOURS)]
        shapes.append(f'<rect x="{x:.1f}" y="{top + 4}" width="12" height="12" fill="{colour}"/>')
        shapes.append(_text(x + 16, top + 10, name))
        x += 16 + FONT * len(name) + 10
    return _svg(ident, title, desc, top + 22, shapes)


def share_bars(ident: str, title: str, desc: str, bars: list[tuple[str, float, float, str]]) -> Markup:
    """One bar per row: a track for the whole (the budget) and the part used, its share written after."""
    shapes: list[str] = []
    span = BAR_END - LABEL - 40
    for row, (label, part, whole, said) in enumerate(bars):
        middle = row * ROW + ROW / 2
        shapes.append(_text(LABEL - 6, middle, label, anchor="end"))
        shapes.append(f'<rect x="{LABEL}" y="{middle - BAR / 2:.1f}" width="{span}" height="{BAR}" fill="{TRACK}"/>')
        width = span * min(part / whole, 1.0) if whole else 0
        shapes.append(f'<rect x="{LABEL}" y="{middle - BAR / 2:.1f}" width="{width:.1f}" height="{BAR}" fill="{YEAR_COLOURS[1]}"/>')
        shapes.append(_text(LABEL + span + 5, middle, said, weight="bold"))
    return _svg(ident, title, desc, len(bars) * ROW + 4, shapes)


def outcome_chart(summary: Summary) -> Markup:
    years = summary.project.site_model.years
    legend = tuple(y.short for y in years)
    bars = [Bar(s.profile.department, tuple(len(fig.entries) for fig in s.years), f"{sum(len(f.entries) for f in s.years)} 项")
            for s in summary.studios]
    desc = "；".join(
        f"{s.profile.name}：" + "，".join(f"{fig.year.short} {len(fig.entries)} 项" for fig in s.years)
        for s in summary.studios)
    top = max((sum(b.parts) for b in bars), default=0)
    return stacked_bars("sc-chart-outcomes", "各工作室公开成果数（按建设年度）", desc, bars, legend, top)


def funds_chart(summary: Summary) -> Markup:
    bars, said = [], []
    for s in summary.studios:
        rate = share(s.spent_total, s.budget_total)
        bars.append((s.profile.department, s.spent_total, s.budget_total, rate))
        said.append(f"{s.profile.name}：预算 {money(s.budget_total)} 元，已支出 {money(s.spent_total)} 元，执行率 {rate}")
    return share_bars("sc-chart-funds", "各工作室经费执行率（已支出/三年预算）", "；".join(said), bars)
