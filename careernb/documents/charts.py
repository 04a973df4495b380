"""Static charts for the team view, embedded in the HTML as PNG.

matplotlib's object API (no pyplot): no global state, no display needed.
"""

from __future__ import annotations

import base64
import io
from fractions import Fraction

from matplotlib.figure import Figure

INK = "#1d1d1f"
MUTED = "#6e6e73"
MANAGER = "#2f5d8a"
REPORTS = "#c77d2b"


def _data_uri(fig: Figure) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _style(ax) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(colors=INK, labelsize=9)


def directions(counts: dict[str, int]) -> str:
    """How many reports want to go each way."""
    labels = list(counts)
    fig = Figure(figsize=(6, 2.6))
    ax = fig.add_subplot()
    bars = ax.barh(labels[::-1], [counts[k] for k in labels[::-1]], color=MANAGER)
    ax.bar_label(bars, padding=3, fontsize=9, color=INK)
    ax.set_xlabel("reports", color=MUTED, fontsize=9)
    ax.xaxis.get_major_locator().set_params(integer=True)
    _style(ax)
    return _data_uri(fig)


def _count(v: Fraction) -> str:
    """1, ⅓, 1⅔: a conversation held in separate sessions shows as the part held."""
    whole, part = divmod(v, 1)  # sessions are thirds of a conversation
    return (str(whole) if whole else "") + {Fraction(1, 3): "⅓", Fraction(2, 3): "⅔"}.get(part, "")


def conversations_held(grid: dict[str, list[Fraction]], quarters: list[str]) -> str:
    """Career conversations held per person per quarter: gaps stand out."""
    names = list(grid)
    fig = Figure(figsize=(7, 0.42 * max(len(names), 2) + 1.1))
    ax = fig.add_subplot()
    values = [grid[n] for n in names] or [[Fraction(0)] * len(quarters)]
    shade = [[float(v) for v in row] for row in values]
    ax.imshow(shade, cmap="Blues", vmin=0, vmax=max(2.0, max(max(r) for r in shade)), aspect="auto")
    for i, row in enumerate(values):
        for j, v in enumerate(row):
            ax.text(j, i, _count(v) if v else "–", ha="center", va="center", fontsize=9,
                    color="white" if v >= 2 else INK)  # fmt: skip
    ax.set_xticks(range(len(quarters)), quarters, fontsize=8)
    ax.set_yticks(range(len(names)), names, fontsize=9)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return _data_uri(fig)


def kept_on_time(kept: dict[str, list[tuple[str, int, int]]]) -> str:
    """Share of commitments kept on time per quarter, the manager's beside the reports'."""
    fig = Figure(figsize=(6, 2.8))
    ax = fig.add_subplot()
    quarters = [q for q, _, _ in kept["manager"]]
    width = 0.38
    for offset, (side, color) in zip(
        (-width / 2, width / 2), (("manager", MANAGER), ("reports", REPORTS)), strict=True
    ):
        shares = [100 * done / due if due else 0 for _, done, due in kept[side]]
        label = "manager's commitments" if side == "manager" else "reports' commitments"
        bars = ax.bar([i + offset for i in range(len(quarters))], shares, width, color=color, label=label)
        ax.bar_label(
            bars, [f"{d}/{n}" if n else "none due" for _, d, n in kept[side]], fontsize=8, color=MUTED
        )
    ax.set_xticks(range(len(quarters)), quarters)
    ax.set_ylim(0, 115)
    ax.set_ylabel("% kept on time", color=MUTED, fontsize=9)
    ax.legend(frameon=False, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=2)
    _style(ax)
    return _data_uri(fig)
