"""The couple's plots (matplotlib Figure API, inline SVG through the report sanitiser)."""

import io
import itertools
import statistics
from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext as _
from matplotlib.figure import Figure
from matplotlib.patches import Ellipse
from matplotlib.ticker import MaxNLocator

from hechting.psychometrics.results import Z95, t_score
from hechting.reports.plots import (
    ACCENT,
    INK,
    WARM,
    quadrant_axes,
    sanitise_svg,
    style_names,
)

_counter = itertools.count(1)


def _render(fig: Figure, title: str, description: str) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    return sanitise_svg(
        buffer.getvalue(), title=title, description=description, id_prefix=f"t{next(_counter)}"
    )


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def repairs_by_week(repairs: list[Any]) -> list[tuple[date, int, float | None]]:
    """(Monday, repairs logged that week, median hours to repair of those repaired or None),
    for every week from the first to the last, empty weeks included."""
    if not repairs:
        return []
    weeks: dict[date, list[Any]] = {}
    for r in repairs:
        weeks.setdefault(week_start(r.happened_on), []).append(r)
    first, last = min(weeks), max(weeks)
    rows = []
    day = first
    while day <= last:
        these = weeks.get(day, [])
        hours = [float(r.hours_to_repair) for r in these if r.hours_to_repair is not None]
        rows.append((day, len(these), statistics.median(hours) if hours else None))
        day += timedelta(days=7)
    return rows


def repairs_svg(weeks: list[tuple[date, int, float | None]]) -> str:
    """Bars: ruptures logged per week; dots and line: median hours until reconnected."""
    fig = Figure(figsize=(6, 3.6), layout="constrained")
    ax = fig.add_subplot()
    x = list(range(len(weeks)))
    ax.bar(x, [n for _d, n, _h in weeks], color="#cfe3e7", edgecolor=ACCENT, label=_("logged"))
    ax.set_ylabel(_("ruptures logged"))
    ax.set_xticks(x, [d.strftime("%d-%m") for d, _n, _h in weeks], rotation=45, fontsize=8)
    ax.set_xlabel(_("week starting"))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    hours = ax.twinx()
    points = [(i, h) for i, (_d, _n, h) in enumerate(weeks) if h is not None]
    if points:
        hours.plot([i for i, _h in points], [h for _i, h in points], "o-", color=WARM)
    hours.set_ylabel(_("median hours to repair"), color=WARM)
    hours.set_ylim(bottom=0)
    for a in (ax, hours):
        a.spines["top"].set_visible(False)
    return _render(
        fig,
        _("Ruptures and repairs per week"),
        _(
            "Bars: how many ruptures you logged each week. Line: the median number of hours "
            "until you felt connected again, for the ones that were repaired."
        ),
    )


def checkins_svg(mine: list[Any], theirs: list[Any], labels: dict[str, str]) -> str:
    """One small panel per theme: both people's check-ins (1..7) over time."""
    fig = Figure(figsize=(6.4, 4.4), layout="constrained")
    axes = fig.subplots(2, 2, sharex=True, sharey=True)
    for ax, theme in zip(axes.flat, ("trust", "attunement", "autonomy", "connection"), strict=True):
        for rows, style, color, who in (
            (mine, "o-", ACCENT, _("you")),
            (theirs, "s--", WARM, _("your partner")),
        ):
            if rows:
                ax.plot(
                    [r.created_at for r in rows],
                    [getattr(r, theme) for r in rows],
                    style,
                    color=color,
                    label=who,
                )
        ax.set_title(labels[theme], fontsize=10, color=INK)
        ax.set_ylim(0.5, 7.5)
        ax.tick_params(axis="x", labelrotation=45, labelsize=7)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    axes.flat[0].legend(loc="lower left", fontsize=8)
    return _render(
        fig,
        _("Both of your check-ins over time"),
        _("One panel per theme, from 1 (hard) to 7 (going well); one line for each of you."),
    )


def couple_quadrant_svg(
    people: list[tuple[str, float, float, float, float]],
    *,
    anxiety_cut: float,
    avoidance_cut: float,
    title: str,
    description: str,
) -> str:
    """Both people on one quadrant plot (x = avoidance, y = anxiety, T scale), each with the
    95 % uncertainty ellipse of their own standard errors. `people` holds
    (label, anxiety_theta, anxiety_se, avoidance_theta, avoidance_se) per person."""
    cx, cy = t_score(avoidance_cut), t_score(anxiety_cut)
    spans = [
        (
            t_score(av) - Z95 * 10 * av_se,
            t_score(av) + Z95 * 10 * av_se,
            t_score(an) - Z95 * 10 * an_se,
            t_score(an) + Z95 * 10 * an_se,
        )
        for _label, an, an_se, av, av_se in people
    ]
    lo = min([20.0] + [min(s[0], s[2]) - 3 for s in spans])
    hi = max([80.0] + [max(s[1], s[3]) + 3 for s in spans])
    fig = Figure(figsize=(5.6, 5.2), layout="constrained")
    names = {
        c: n.replace(" (", "\n(").replace("-", "-\n", 1) if len(n) > 14 else n
        for c, n in style_names().items()
    }
    ax = quadrant_axes(fig, lo, hi, cx, cy, names, fontsize=10, color=INK)
    styles = zip(people, (ACCENT, WARM), ("o", "s"), strict=False)
    for n, ((label, an, an_se, av, av_se), color, marker) in enumerate(styles):
        x, y = t_score(av), t_score(an)
        hw, hh = Z95 * 10 * av_se, Z95 * 10 * an_se
        ax.add_patch(
            Ellipse(
                (x, y),
                2 * hw,
                2 * hh,
                facecolor=color,
                alpha=0.22,
                edgecolor=color,
                linewidth=1.2,
                zorder=3,
                gid=f"uncertainty-{n}",
            )
        )
        ax.plot(
            [x],
            [y],
            marker=marker,
            markersize=9,
            color=color,
            markeredgecolor="white",
            markeredgewidth=1.5,
            zorder=4,
            gid=f"person-{n}",
        )
        # The name goes under the ellipse, or above it when there is no room below.
        below = y - hh - 6 > lo
        ax.text(
            x,
            y - hh - 1.2 if below else y + hh + 1.2,
            label,
            ha="center",
            va="top" if below else "bottom",
            fontsize=9,
            color=INK,
            zorder=5,
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1},
        )
    ax.set_xlabel(_("Avoidance (T score) →"))
    ax.set_ylabel(_("Anxiety (T score) →"))
    return _render(fig, title, description)
