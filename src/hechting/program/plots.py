"""Small matplotlib plots for the program pages, as inline SVG that obeys our strict CSP.

The SVG goes through the report app's sanitiser (presentation attributes instead of CSS, ids
with a per-plot prefix, role=img with title and description); each plot sits beside a table.
"""

import io
import itertools
from typing import Any

from django.utils.translation import gettext as _
from matplotlib.figure import Figure

from hechting.reports.plots import sanitise_svg

INK, ACCENT, WARM, MUTED = "#1f2a2e", "#1d5e6b", "#8a4b12", "#4a5a60"
_counter = itertools.count(1)


def _render(fig: Figure, title: str, description: str) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    return sanitise_svg(
        buffer.getvalue(), title=title, description=description, id_prefix=f"p{next(_counter)}"
    )


def _figure() -> tuple[Figure, Any]:
    fig = Figure(figsize=(5, 4), layout="constrained")
    ax = fig.add_subplot()
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig, ax


def support_map_svg(rows: list[Any]) -> str:
    """ECR-RS per person: avoidance (x) against anxiety (y), both 1..7; low-low = secure."""
    fig, ax = _figure()
    ax.axvspan(1, 4, ymin=0, ymax=0.5, color="#e3eff1")
    for row in rows:
        if row.score:
            ax.plot(row.score.avoidance, row.score.anxiety, "o", color=ACCENT, markersize=8)
            ax.annotate(
                row.person.display_name(),
                (row.score.avoidance, row.score.anxiety),
                textcoords="offset points",
                xytext=(6, 6),
                color=INK,
                fontsize=9,
            )
    ax.set(
        xlim=(1, 7),
        ylim=(1, 7),
        xlabel=_("avoidance with this person (1–7)"),
        ylabel=_("anxiety with this person (1–7)"),
    )
    ax.text(1.1, 1.2, _("secure with"), color=ACCENT, fontsize=9)
    return _render(
        fig,
        _("Support map: avoidance and anxiety per person"),
        _("Each dot is a person; bottom left is low avoidance and low anxiety."),
    )


def risk_ladder_svg(steps: list[Any]) -> str:
    """Expected (x) against actual (y) tension, 0..10; below the diagonal = easier than feared."""
    fig, ax = _figure()
    ax.plot([0, 10], [0, 10], "--", color=MUTED, linewidth=1)
    ax.plot([s.expected for s in steps], [s.actual for s in steps], "o", color=WARM, markersize=8)
    ax.set(
        xlim=(-0.5, 10.5),
        ylim=(-0.5, 10.5),
        xlabel=_("expected tension (0–10)"),
        ylabel=_("actual tension (0–10)"),
    )
    ax.text(6, 1, _("easier than expected"), color=ACCENT, fontsize=9)
    ax.text(0.5, 9, _("harder than expected"), color=WARM, fontsize=9)
    return _render(
        fig,
        _("Small risks: expected against actual tension"),
        _("Each dot is a step; below the diagonal it was easier than expected."),
    )


def themes_svg(checkins: list[Any]) -> str:
    """The four relational themes (1..7) over the check-ins, one line each."""
    from hechting.program.models import ThemeCheckin

    fig, ax = _figure()
    fig.set_size_inches(6, 3.6)
    x = list(range(1, len(checkins) + 1))
    styles = ["o-", "s--", "^-.", "D:"]
    for theme, style in zip(ThemeCheckin.THEMES, styles, strict=True):
        label = str(ThemeCheckin._meta.get_field(theme).verbose_name)
        ax.plot(x, [getattr(c, theme) for c in checkins], style, label=label)
    ax.set(ylim=(0.5, 7.5), xlabel=_("check-in"), ylabel=_("1 = hard, 7 = going well"))
    ax.set_xticks(x, [c.created_at.strftime("%d-%m") for c in checkins])
    ax.legend(loc="lower left", fontsize=8, ncols=2)
    return _render(
        fig,
        _("Relational themes over time"),
        _("One line per theme, from 1 (hard) to 7 (going well), per check-in."),
    )
