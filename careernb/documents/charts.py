"""Static charts for the team view, written as inline SVG.

Plain SVG text, no plotting library: a chart costs well under a millisecond
instead of a third of a second with matplotlib (README, "The quarter"), stays
sharp at any zoom and in print, and its labels are real text a screen reader
and a search can read. Each chart is an ``<svg role="img">`` named by its
``<title>`` and described in words by its ``<desc>``: the figures it shows.
"""

from __future__ import annotations

from fractions import Fraction
from html import escape as _escape

from markupsafe import Markup

INK = "#1d1d1f"
MUTED = "#5f5f64"  # 6.4:1 on white
GRID = "#e4e4e8"
MANAGER = "#2f5d8a"
REPORTS = "#a65f14"  # 4.9:1 on white, so a bar reads as clearly as the manager's
FONT = 'font-family="system-ui, -apple-system, Segoe UI, sans-serif"'
CHAR = 8.0  # generous width of a 13px character, to size the label column
LABEL = 28  # longer names are cut on the chart; the description carries them whole


def escape(text: str) -> str:
    """Text nodes only: <, > and & escaped; quotes read as quotes."""
    return _escape(text, quote=False)


def _label(text: str) -> str:
    return text if len(text) <= LABEL else text[: LABEL - 1] + "…"


def _svg(key: str, width: float, height: float, title: str, desc: str, body: list[str]) -> Markup:
    n = key  # one chart of each kind per document, so its ids are unique there
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" class="chart" '
        f'aria-labelledby="chart-{n}-title chart-{n}-desc" {FONT} font-size="13" fill="{INK}">'
        f'<title id="chart-{n}-title">{escape(title)}</title>'
        f'<desc id="chart-{n}-desc">{escape(desc)}</desc>' + "".join(body) + "</svg>"
    )


def _text(x: float, y: float, text: str, *, anchor: str = "start", fill: str = INK, size: int = 13) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}" font-size="{size}" '
        f'dominant-baseline="central">{escape(text)}</text>'
    )


def _rect(x: float, y: float, w: float, h: float, fill: str) -> str:
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{h:.1f}" fill="{fill}"/>'


def directions(
    counts: dict[str, int],
    *,
    key: str = "directions",
    title: str = "Directions across the team, reports per direction",
) -> Markup:
    """How many reports want to go each way: one bar per direction, its count at its end."""
    labels = list(counts)
    left = max((len(_label(k)) for k in labels), default=0) * CHAR + 16
    width, bar, gap = 480.0, 22.0, 10.0
    span = width - left - 40
    top = max(counts.values(), default=0) or 1
    body = []
    for i, label in enumerate(labels):
        y = i * (bar + gap) + 4
        w = span * counts[label] / top
        body.append(_text(left - 8, y + bar / 2, _label(label), anchor="end"))
        body.append(_rect(left, y, w, bar, MANAGER))
        body.append(_text(left + w + 6, y + bar / 2, str(counts[label])))
    height = len(labels) * (bar + gap) + 4
    body.append(f'<line x1="{left}" y1="0" x2="{left}" y2="{height - gap + 4:.0f}" stroke="{MUTED}"/>')
    desc = "; ".join(f"{k}: {v}" for k, v in counts.items()) + "."
    return _svg(key, width, height, title, desc, body)


def count_text(v: Fraction) -> str:
    """1, ⅓, 1⅔: a conversation held in separate sessions shows as the part held."""
    whole, part = divmod(v, 1)  # sessions are thirds of a conversation
    return (str(whole) if whole else "") + {Fraction(1, 3): "⅓", Fraction(2, 3): "⅔"}.get(part, "")


def _shade(v: Fraction) -> tuple[str, str]:
    """Cell fill and text colour: darker for more, every pair at least 4.5:1."""
    if v >= 2:
        return "#1c5f99", "#ffffff"
    if v >= 1:
        return "#6aaed6", INK
    if v > 0:
        return "#c6dbef", INK
    return "#f4f7fb", MUTED


def conversations_held(grid: dict[str, list[Fraction]], quarters: list[str]) -> Markup:
    """Career conversations held per person per quarter: gaps stand out."""
    names = list(grid)
    left = max((len(_label(n)) for n in names), default=0) * CHAR + 16
    cell_w, cell_h = 68.0, 34.0
    width = left + cell_w * len(quarters) + 4
    body = []
    for i, name in enumerate(names):
        y = i * cell_h
        body.append(_text(left - 10, y + cell_h / 2, _label(name), anchor="end"))
        for j, v in enumerate(grid[name]):
            fill, ink = _shade(v)
            x = left + j * cell_w
            body.append(_rect(x, y, cell_w - 2, cell_h - 2, fill))
            body.append(
                _text(
                    x + cell_w / 2 - 1,
                    y + cell_h / 2 - 1,
                    count_text(v) if v else "–",
                    anchor="middle",
                    fill=ink,
                )
            )
    axis = len(names) * cell_h + 14
    for j, q in enumerate(quarters):
        body.append(_text(left + j * cell_w + cell_w / 2 - 1, axis, q, anchor="middle", fill=MUTED, size=12))
    gaps = [n for n in names if not grid[n][-1]]
    desc = (
        f"From {quarters[0]} to {quarters[-1]}. "
        + " ".join(
            f"{n}: "
            + ", ".join(
                f"{q} {count_text(v) if v else 'none'}" for q, v in zip(quarters, grid[n], strict=True)
            )
            + "."
            for n in names
        )
        + (f" None yet in {quarters[-1]}: {', '.join(gaps)}." if gaps else "")
    )
    return _svg("held", width, axis + 14, "Career conversations held per person per quarter", desc, body)


def kept_on_time(kept: dict[str, list[tuple[str, int, int]]]) -> Markup:
    """Share of commitments kept on time per quarter, the manager's beside the reports'."""
    quarters = [q for q, _, _ in kept["manager"]]
    left, top, plot_h, group = 44.0, 22.0, 170.0, 110.0
    width = max(left + group * len(quarters) + 10, 420.0)  # room for the legend
    bar = 36.0
    body = []
    for pct in (0, 25, 50, 75, 100):
        y = top + plot_h * (1 - pct / 100)
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 6:.0f}" y2="{y:.1f}" stroke="{GRID}"/>')
        body.append(_text(left - 6, y, f"{pct}%", anchor="end", fill=MUTED, size=11))
    sides = (("manager", MANAGER, "manager's commitments"), ("reports", REPORTS, "reports' commitments"))
    for s, (side, color, _) in enumerate(sides):
        for j, (_, done, due) in enumerate(kept[side]):
            x = left + j * group + 16 + s * (bar + 4)
            h = plot_h * done / due if due else 0
            body.append(_rect(x, top + plot_h - h, bar, h, color))
            body.append(_text(x + bar / 2, top + plot_h - h - 9, f"{done}/{due}" if due else "none due",
                              anchor="middle", fill=MUTED, size=11))  # fmt: skip
    axis = top + plot_h + 16
    for j, q in enumerate(quarters):
        body.append(_text(left + j * group + 16 + bar + 2, axis, q, anchor="middle", fill=MUTED, size=12))
    legend = axis + 26
    x = left
    for _, color, label in sides:
        body.append(_rect(x, legend - 6, 12, 12, color))
        body.append(_text(x + 18, legend, label, size=12))
        x += 18 + len(label) * CHAR + 24
    desc = " ".join(
        f"{label.capitalize()}: "
        + ", ".join(f"{q} {d} of {n} kept on time" if n else f"{q} none due" for q, d, n in kept[side])
        + "."
        for side, _, label in sides
    )
    return _svg(
        "kept", width, legend + 12, "Commitments kept on time per quarter, manager and reports", desc, body
    )
