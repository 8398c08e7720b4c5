"""Small inline SVG charts written by hand (matplotlib is not a run-time dependency)."""

from html import escape

WIDTH = 720
LABEL_WIDTH = 170
BAR = 12
GAP = 10
FONT = 'font-family="system-ui, sans-serif" font-size="12"'


def _svg(height: int, body: list[str], title: str) -> str:
    return (f'<svg role="img" width="{WIDTH}" height="{height}" '
            f'viewBox="0 0 {WIDTH} {height}"><title>{escape(title)}</title>{"".join(body)}</svg>')


def _text(x: float, y: float, text: str, anchor: str = "start", extra: str = "") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" {FONT} {extra}>{escape(text)}</text>'


def grouped_bars(title: str, categories: list[str], series: dict[str, list[float]], colours: dict[str, str],
                 fmt: str = "{:.1f}", top: float | None = None) -> str:
    """Horizontal bars: one block per category, one bar per series (e.g. labels per 100 by team).

    Bar lengths scale to ``top`` (shares: 100) or else to the largest value.
    """
    top = top or max([max(values, default=0) for values in series.values()], default=0) or 1
    span = WIDTH - LABEL_WIDTH - 60
    body, y = [_legend(colours, 14)], 34
    for index, category in enumerate(categories):
        block = len(series) * BAR
        body.append(_text(LABEL_WIDTH - 8, y + block / 2 + 4, category[:28], "end"))
        for row, (name, values) in enumerate(series.items()):
            value, top_y = values[index], y + row * BAR
            length = span * value / top
            body.append(f'<rect x="{LABEL_WIDTH}" y="{top_y}" width="{length:.1f}" height="{BAR - 2}" fill="{colours[name]}">'
                        f'<title>{escape(f"{category} · {name}: {fmt.format(value)}")}</title></rect>')
            body.append(_text(LABEL_WIDTH + length + 4, top_y + BAR - 3, fmt.format(value), extra='font-size="10"'))
        y += block + GAP
    return _svg(y + 6, body, title)


def bars(title: str, items: list[tuple[str, float]], colour: str, fmt: str = "{:.1f}", top: float | None = None) -> str:
    """One horizontal bar per item (e.g. the share of replies opening with empathy, by agent)."""
    return grouped_bars(title, [name for name, _ in items], {title: [value for _, value in items]}, {title: colour}, fmt, top)


def lines(title: str, xs: list[str], series: dict[str, list[float]], colours: dict[str, str]) -> str:
    """One line per series over ``xs`` (weeks)."""
    height, left, bottom, top_margin = 260, 50, 40, 34
    plot_w, plot_h = WIDTH - left - 50, height - bottom - top_margin
    top = max([max(values, default=0) for values in series.values()], default=0) or 1
    step = plot_w / max(1, len(xs) - 1)
    axis = f'<line x1="{left}" y1="{top_margin + plot_h}" x2="{left + plot_w}" y2="{top_margin + plot_h}" stroke="#888"/>'
    body = [_legend(colours, 14), axis, _text(left - 6, top_margin + 4, f"{top:.0f}", "end"),
            _text(left - 6, top_margin + plot_h, "0", "end")]
    for name, values in series.items():
        points = " ".join(f"{left + i * step:.1f},{top_margin + plot_h * (1 - v / top):.1f}" for i, v in enumerate(values))
        body.append(f'<polyline fill="none" stroke="{colours[name]}" stroke-width="2" points="{points}"/>')
    every = max(1, len(xs) // 8)
    body += [_text(left + i * step, height - 16, x, "middle") for i, x in enumerate(xs) if i % every == 0]
    return _svg(height, body, title)


def _legend(colours: dict[str, str], y: int) -> str:
    if len(colours) < 2:
        return ""
    items, x = [], LABEL_WIDTH
    for name, colour in colours.items():
        items.append(f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{colour}"/>' + _text(x + 14, y, name))
        x += 24 + 7 * len(name)
    return "".join(items)
