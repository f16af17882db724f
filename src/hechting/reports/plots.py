"""SVG plots for the report and the progress pages (matplotlib, Agg, no JavaScript).

Both dimensions are drawn on the T scale: ``T = 50 + 10 * theta``. The IRT calibration fixes the
latent distribution of the norm group at mean 0 and SD 1, so T = 50 is that group's average and
one SD is 10 points -- the scale Dutch routine outcome monitoring uses too.

The SVG is meant to be inlined in HTML under a strict CSP (``style-src 'self'``), so
:func:`sanitise_svg` turns matplotlib's ``style="..."`` attributes and its ``<style>`` element
into plain SVG presentation attributes, drops metadata, prefixes ids (two plots on one page must
not share clip-path ids) and adds ``role="img"`` with ``<title>`` and ``<desc>``.

Public API
----------
``quadrant_svg(*, anxiety_theta, anxiety_se, avoidance_theta, avoidance_se, anxiety_cut,
avoidance_cut, language, title, description, id_prefix="q") -> str``
    The four-quadrant plot: x = avoidance, y = anxiety, the cut lines, the quadrant names, the
    person's position and an axis-aligned 95% uncertainty ellipse.

``rq_svg(*, model_of_self, model_of_other, language, title, description, id_prefix="rq-plot")``
    The Relationship Questionnaire axes: view of others (x) and of yourself (y), each -12..12.

``timeline_svg(occasions, *, language, title, description, show_cuts=False, id_prefix="t")``
    Progress over time: one panel per dimension, the estimate per occasion with a 95% band.
    ``occasions`` is a sequence of ``psychometrics.results.Occasion`` (sorted by ``when``).
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import date, datetime

import matplotlib
import matplotlib.dates as mdates
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Ellipse, Rectangle

from hechting.psychometrics.results import Z95, Occasion, t_score

SVG_NS = "http://www.w3.org/2000/svg"

# Colours from hechting.css (WCAG AA against white).
INK = "#1f2a2e"
MUTED = "#4a5a60"
ACCENT = "#1d5e6b"
WARM = "#8a4b12"
LINE = "#9aa5a8"
QUADRANT_FILL = {
    "secure": "#e3eff1",
    "anxious": "#fdf3e9",
    "avoidant": "#eef0f7",
    "fearful": "#f6eaea",
}

# The one style of every plot. Set once when this module is imported and never changed
# afterwards: no pyplot, no rc_context, so threads and processes share no mutable plot state.
matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",  # real <text>, readable by screen readers and selectable
        "svg.hashsalt": "hechting",  # deterministic ids
        "font.family": "DejaVu Sans",
        "font.size": 11,
        "axes.edgecolor": MUTED,
        "axes.labelcolor": INK,
        "xtick.color": MUTED,
        "ytick.color": MUTED,
        "text.color": INK,
        # Text is text: a name such as "Jan $$ Piet" or "$\\x$" is never parsed as mathtext.
        "text.parse_math": False,
        "text.usetex": False,
    }
)

# CSS properties that SVG also accepts as presentation attributes (SVG 1.1 / SVG 2).
PRESENTATION = {
    "clip-path",
    "clip-rule",
    "color",
    "display",
    "dominant-baseline",
    "fill",
    "fill-opacity",
    "fill-rule",
    "font-family",
    "font-size",
    "font-stretch",
    "font-style",
    "font-variant",
    "font-weight",
    "letter-spacing",
    "marker-end",
    "marker-mid",
    "marker-start",
    "opacity",
    "paint-order",
    "shape-rendering",
    "stop-color",
    "stop-opacity",
    "stroke",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "stroke-opacity",
    "stroke-width",
    "text-anchor",
    "visibility",
    "word-spacing",
}


def style_names() -> dict[str, str]:
    """Short names of the four styles in the active language (used in plots and the report)."""
    return {
        "secure": _("Secure"),
        "anxious": _("Anxious-preoccupied"),
        "avoidant": _("Avoidant"),
        "fearful": _("Fearful (anxious and avoidant)"),
    }


def _parse_style(value: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for decl in value.split(";"):
        if ":" not in decl:
            continue
        prop, val = decl.split(":", 1)
        prop, val = prop.strip().lower(), val.strip()
        if prop == "font":  # shorthand, e.g. "bold 12px 'DejaVu Sans'"
            m = re.match(
                r"(?:(italic|oblique|normal)\s+)?(?:(bold|normal|\d{3})\s+)?([\d.]+px)\s+(.+)", val
            )
            if m:
                if m.group(1):
                    out["font-style"] = m.group(1)
                if m.group(2):
                    out["font-weight"] = m.group(2)
                out["font-size"] = m.group(3)
                out["font-family"] = m.group(4)
            continue
        if prop in PRESENTATION:
            out[prop] = val
    return out


def sanitise_svg(svg: str, *, title: str, description: str, id_prefix: str) -> str:
    """Make matplotlib's SVG safe to inline under a strict CSP and accessible.

    Returns an ``<svg>`` element (no XML declaration or doctype) without any ``style``
    attribute, ``<style>``, ``<script>`` or ``<metadata>`` element, with ``role="img"``,
    ``aria-labelledby`` pointing at a new ``<title>`` and ``<desc>``, and every id prefixed.
    """
    root = ET.fromstring(svg)  # noqa: S314 - our own matplotlib output, never user input
    # Drop namespaces from tags and attributes: the global ElementTree prefix registry is shared
    # with other libraries (WeasyPrint), so relying on it gives "ns0:" prefixes. Inline SVG in
    # HTML needs no prefixes; xlink:href becomes SVG 2's plain href.
    for el in root.iter():
        el.tag = el.tag.rsplit("}", 1)[-1]
        for key in [k for k in el.attrib if k.startswith("{")]:
            el.set(key.rsplit("}", 1)[-1], el.attrib.pop(key))
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag in ("metadata", "style", "script"):
                parent.remove(child)
    # The removed <style> only set these defaults; inherited presentation attributes do the same.
    root.set("stroke-linejoin", "round")
    root.set("stroke-linecap", "butt")
    ids = {el.get("id") for el in root.iter() if el.get("id")}

    def rename(value: str) -> str:
        return re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{id_prefix}-{m.group(1)})", value)

    for el in root.iter():
        style = el.attrib.pop("style", None)
        if style:
            for prop, val in _parse_style(style).items():
                el.set(prop, val)
        if el.get("id"):
            el.set("id", f"{id_prefix}-{el.get('id')}")
        for attr in ("clip-path", "mask", "filter", "fill", "stroke"):
            if attr in el.attrib and "url(#" in el.attrib[attr]:
                el.set(attr, rename(el.attrib[attr]))
        target = el.get("href")
        if target and target.startswith("#") and target[1:] in ids:
            el.set("href", f"#{id_prefix}-{target[1:]}")
    # Responsive: keep viewBox, let CSS decide the width.
    for attr in ("width", "height"):
        root.attrib.pop(attr, None)
    root.set("role", "img")
    root.set("class", "plot")
    root.set("aria-labelledby", f"{id_prefix}-title {id_prefix}-desc")
    root.set("xmlns", SVG_NS)
    desc = ET.Element("desc", {"id": f"{id_prefix}-desc"})
    desc.text = description
    title_el = ET.Element("title", {"id": f"{id_prefix}-title"})
    title_el.text = title
    root.insert(0, desc)
    root.insert(0, title_el)
    return ET.tostring(root, encoding="unicode")


def figure(width: float, height: float) -> Figure:
    """A new figure of its own (the Figure API: nothing global, safe in threads)."""
    return Figure(figsize=(width, height))


def quadrant_axes(
    fig: Figure,
    lo: float,
    hi: float,
    cx: float,
    cy: float,
    names: dict[str, str],
    *,
    fontsize: float,
    color: str | None = None,
) -> Axes:
    """The four coloured quadrants (secure bottom left), the cut lines and the corner names:
    the background of every quadrant plot, one person's or a couple's."""
    ax = fig.add_subplot()
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.set_aspect("equal")
    regions = {
        "secure": (lo, lo, cx - lo, cy - lo),
        "anxious": (lo, cy, cx - lo, hi - cy),
        "avoidant": (cx, lo, hi - cx, cy - lo),
        "fearful": (cx, cy, hi - cx, hi - cy),
    }
    for code, (rx, ry, rw, rh) in regions.items():
        ax.add_patch(
            Rectangle((rx, ry), rw, rh, facecolor=QUADRANT_FILL[code], edgecolor="none", zorder=0)
        )
    ax.axvline(cx, color=LINE, linewidth=1.2, linestyle="--", zorder=1)
    ax.axhline(cy, color=LINE, linewidth=1.2, linestyle="--", zorder=1)
    pad = 1.2
    corners = (
        (lo + pad, lo + pad, "secure", "left", "bottom"),
        (lo + pad, hi - pad, "anxious", "left", "top"),
        (hi - pad, lo + pad, "avoidant", "right", "bottom"),
        (hi - pad, hi - pad, "fearful", "right", "top"),
    )
    for tx, ty, code, ha, va in corners:
        ax.text(
            tx, ty, names[code], ha=ha, va=va, fontsize=fontsize, fontweight="bold",
            color=color, zorder=2,
        )
    return ax


def to_svg(fig: Figure, *, title: str, description: str, id_prefix: str) -> str:
    """The figure as sanitised inline SVG with its accessible title and description."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return sanitise_svg(buf.getvalue(), title=title, description=description, id_prefix=id_prefix)


def _person_marker(ax: Axes, x: float, y: float) -> None:
    """The person's position: the same dot in every plot (gid "person" for the tests)."""
    ax.plot(
        [x],
        [y],
        marker="o",
        markersize=9,
        color=WARM,
        markeredgecolor="white",
        markeredgewidth=1.5,
        zorder=4,
        gid="person",
    )


def quadrant_svg(
    *,
    anxiety_theta: float,
    anxiety_se: float,
    avoidance_theta: float,
    avoidance_se: float,
    anxiety_cut: float,
    avoidance_cut: float,
    language: str,
    title: str,
    description: str,
    id_prefix: str = "q",
) -> str:
    """The quadrant plot (x = avoidance, y = anxiety, T scale) as sanitised inline SVG."""
    x, y = t_score(avoidance_theta), t_score(anxiety_theta)
    cx, cy = t_score(avoidance_cut), t_score(anxiety_cut)
    half_w, half_h = Z95 * 10 * avoidance_se, Z95 * 10 * anxiety_se
    lo = min(20.0, x - half_w - 3, y - half_h - 3)
    hi = max(80.0, x + half_w + 3, y + half_h + 3)
    with translation.override(language):
        # Two lines per long name, so neighbouring corner labels never collide on a phone.
        names = {
            code: name.replace(" (", "\n(").replace("-", "-\n", 1) if len(name) > 14 else name
            for code, name in style_names().items()
        }
        fig = figure(5.6, 5.2)
        ax = quadrant_axes(fig, lo, hi, cx, cy, names, fontsize=11)
        ax.add_patch(
            Ellipse(
                (x, y),
                2 * half_w,
                2 * half_h,
                facecolor=ACCENT,
                alpha=0.18,
                edgecolor=ACCENT,
                linewidth=1.2,
                zorder=3,
                gid="uncertainty",
            )
        )
        _person_marker(ax, x, y)
        ax.set_xlabel(_("Avoidance (T score) →"))
        ax.set_ylabel(_("Anxiety (T score) →"))
        ax.text(
            x,
            y - half_h - 1.2,
            _("you"),
            ha="center",
            va="top",
            fontsize=9,
            color=INK,
            zorder=4,
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1},
        )
        ax.grid(False)
        fig.tight_layout()
        return to_svg(fig, title=title, description=description, id_prefix=id_prefix)


def timeline_svg(
    occasions: Sequence[Occasion],
    *,
    language: str,
    title: str,
    description: str,
    show_cuts: bool = False,
    id_prefix: str = "t",
) -> str:
    """Both dimensions over time (T scale) with 95% bands, as sanitised inline SVG.

    Two stacked panels share the time axis: anxiety on top, avoidance below. Each occasion is a
    dot with an error bar (±1.96 SE); with two or more occasions the band between them is
    shaded. ``show_cuts`` adds the quadrant cut line per panel, as stored with the latest
    result. Raises ``ValueError`` when there is no occasion.
    """
    if not occasions:
        raise ValueError("timeline_svg needs at least one occasion")

    def as_datetime(when: date | datetime) -> datetime:
        if isinstance(when, datetime):
            # Shown as a local calendar time; matplotlib handles naive datetimes best.
            return (
                timezone.localtime(when).replace(tzinfo=None) if timezone.is_aware(when) else when
            )
        return datetime(when.year, when.month, when.day)  # noqa: DTZ001 - a calendar date

    occ = sorted(occasions, key=lambda o: as_datetime(o.when))
    whens = [as_datetime(o.when) for o in occ]
    latest = occ[-1].result
    with translation.override(language):
        fig = figure(6.4, 5.2)
        axes = fig.subplots(2, 1, sharex=True)
        panels = (
            (
                axes[0],
                _("Anxiety"),
                [o.result.anxiety.theta for o in occ],
                [o.result.anxiety.se for o in occ],
                latest.anxiety.cut_theta if show_cuts else None,
                WARM,
            ),
            (
                axes[1],
                _("Avoidance"),
                [o.result.avoidance.theta for o in occ],
                [o.result.avoidance.se for o in occ],
                latest.avoidance.cut_theta if show_cuts else None,
                ACCENT,
            ),
        )
        for ax, label, thetas, ses, cut, colour in panels:
            ts = [t_score(t) for t in thetas]
            lows = [t - Z95 * 10 * s for t, s in zip(ts, ses, strict=True)]
            highs = [t + Z95 * 10 * s for t, s in zip(ts, ses, strict=True)]
            if len(occ) > 1:
                ax.fill_between(
                    whens, lows, highs, color=colour, alpha=0.15, linewidth=0, gid="band"
                )
                ax.plot(whens, ts, color=colour, linewidth=1.5)
            ax.errorbar(
                whens,
                ts,
                yerr=[
                    [t - lo for t, lo in zip(ts, lows, strict=True)],
                    [hi - t for t, hi in zip(ts, highs, strict=True)],
                ],
                fmt="o",
                color=colour,
                ecolor=colour,
                capsize=3,
                markersize=6,
                gid="occasion",
            )
            if cut is not None:
                ax.axhline(t_score(cut), color=LINE, linestyle="--", linewidth=1)
            ax.set_ylabel(_("%(dimension)s (T)") % {"dimension": label})
            ax.set_ylim(min(20.0, min(lows) - 3), max(80.0, max(highs) + 3))
            ax.grid(axis="y", color="#e5e8e9", linewidth=0.8)
        axes[1].xaxis.set_major_formatter(
            mdates.DateFormatter("%d-%m-%Y" if language == "nl" else "%Y-%m-%d")
        )
        axes[1].xaxis.set_major_locator(mdates.AutoDateLocator(minticks=2, maxticks=6))
        if len(occ) == 1:
            pad = mdates.date2num(whens[0])
            axes[1].set_xlim(pad - 7, pad + 7)
        fig.autofmt_xdate()
        fig.tight_layout()
        return to_svg(fig, title=title, description=description, id_prefix=id_prefix)


def rq_svg(
    *,
    model_of_self: int,
    model_of_other: int,
    language: str,
    title: str,
    description: str,
    id_prefix: str = "rq-plot",
) -> str:
    """The Relationship Questionnaire's two axes (each -12..12) as sanitised inline SVG.

    x = view of others ("you are okay" to the right), y = view of yourself ("I am okay" upwards);
    the four corners carry the style names, the dot is the person.
    """
    for name, value in (("model_of_self", model_of_self), ("model_of_other", model_of_other)):
        if not -12 <= value <= 12:
            raise ValueError(f"{name} must be from -12 to 12, got {value!r}")
    with translation.override(language):
        names = style_names()
        fig = figure(5.0, 4.6)
        ax = fig.add_subplot()
        lim = 13
        ax.set_xlim(-lim, lim)
        ax.set_ylim(-lim, lim)
        ax.set_aspect("equal")
        # Bartholomew's grid: secure = both views positive; preoccupied (anxious) = others
        # positive, self negative; dismissing (avoidant) = self positive, others negative.
        corners = {
            "secure": (0, 0, lim, lim),
            "anxious": (0, -lim, lim, lim),
            "avoidant": (-lim, 0, lim, lim),
            "fearful": (-lim, -lim, lim, lim),
        }
        for code, (rx, ry, rw, rh) in corners.items():
            ax.add_patch(
                Rectangle(
                    (rx, ry), rw, rh, facecolor=QUADRANT_FILL[code], edgecolor="none", zorder=0
                )
            )
        ax.axvline(0, color=LINE, linewidth=1.2, linestyle="--", zorder=1)
        ax.axhline(0, color=LINE, linewidth=1.2, linestyle="--", zorder=1)
        short = {code: n.split(" (")[0] for code, n in names.items()}
        edge = lim - 0.6
        labels = (
            (edge, edge, "secure", "right", "top"),
            (-edge, edge, "avoidant", "left", "top"),
            (edge, -edge, "anxious", "right", "bottom"),
            (-edge, -edge, "fearful", "left", "bottom"),
        )
        for tx, ty, code, ha, va in labels:
            ax.text(tx, ty, short[code], ha=ha, va=va, fontsize=9, fontweight="bold", zorder=2)
        _person_marker(ax, model_of_other, model_of_self)
        ax.set_xlabel(_("View of others →"))
        ax.set_ylabel(_("View of yourself →"))
        ax.set_xticks([-12, -6, 0, 6, 12])
        ax.set_yticks([-12, -6, 0, 6, 12])
        fig.tight_layout()
        return to_svg(fig, title=title, description=description, id_prefix=id_prefix)
