"""Small matplotlib plots for the program pages, as inline SVG that obeys our strict CSP.

The SVG goes through the report app's sanitiser (presentation attributes instead of CSS, ids
with a per-plot prefix, role=img with title and description); each plot sits beside a table.
"""

import itertools
from typing import TYPE_CHECKING

from django.db.models import Field
from django.utils.translation import gettext as _
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from hechting.reports.plots import ACCENT, INK, MUTED, QUADRANT_FILL, WARM, figure, to_svg

if TYPE_CHECKING:
    from hechting.program.models import RiskStep, ThemeCheckin
    from hechting.program.queries import PersonRow

_counter = itertools.count(1)


def _render(fig: Figure, title: str, description: str) -> str:
    return to_svg(fig, title=title, description=description, id_prefix=f"p{next(_counter)}")


def _figure(width: float = 5, height: float = 4) -> tuple[Figure, Axes]:
    fig = figure(width, height)
    fig.set_layout_engine("constrained")
    ax = fig.add_subplot()
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig, ax


def support_map_svg(rows: "list[PersonRow]") -> str:
    """ECR-RS per person: avoidance (x) against anxiety (y), both 1..7; low-low = secure."""
    fig, ax = _figure()
    ax.axvspan(1, 4, ymin=0, ymax=0.5, color=QUADRANT_FILL["secure"])
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


def risk_ladder_svg(steps: "list[RiskStep]") -> str:
    """Expected (x) against actual (y) tension, 0..10; below the diagonal = easier than feared."""
    fig, ax = _figure()
    ax.plot([0, 10], [0, 10], "--", color=MUTED, linewidth=1)
    done = [(s.expected, s.actual) for s in steps if s.actual is not None]
    ax.plot([e for e, _a in done], [a for _e, a in done], "o", color=WARM, markersize=8)
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


def themes_svg(checkins: "list[ThemeCheckin]") -> str:
    """The four relational themes (1..7) over the check-ins, one line each."""
    from hechting.program.models import ThemeCheckin

    fig, ax = _figure(6, 3.6)
    x = list(range(1, len(checkins) + 1))
    styles = ["o-", "s--", "^-.", "D:"]
    for theme, style in zip(ThemeCheckin.THEMES, styles, strict=True):
        field = ThemeCheckin._meta.get_field(theme)
        label = str(field.verbose_name) if isinstance(field, Field) else theme
        ax.plot(x, [getattr(c, theme) for c in checkins], style, label=label)
    ax.set(ylim=(0.5, 7.5), xlabel=_("check-in"), ylabel=_("1 = hard, 7 = going well"))
    ax.set_xticks(x, [c.created_at.strftime("%d-%m") for c in checkins])
    ax.legend(loc="lower left", fontsize=8, ncols=2)
    return _render(
        fig,
        _("Relational themes over time"),
        _("One line per theme, from 1 (hard) to 7 (going well), per check-in."),
    )
