"""Small matplotlib plots as inline SVG that obey our strict CSP.

matplotlib writes CSS in style="" attributes and a <style> element, which the CSP blocks; we
turn those into SVG presentation attributes and give every id a per-plot prefix, so several
plots can share one page. Text is drawn as paths; each plot has a title and sits beside a table.
"""

import io
import itertools
import re
import xml.etree.ElementTree as ET
from typing import Any

from django.utils.translation import gettext as _
from matplotlib.figure import Figure

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)
INK, ACCENT, WARM, MUTED = "#1f2a2e", "#1d5e6b", "#8a4b12", "#4a5a60"
_counter = itertools.count(1)


def clean_svg(svg: str, title: str) -> str:
    """Presentation attributes instead of CSS, prefixed ids, role=img with a title."""
    prefix = f"plot{next(_counter)}-"
    root = ET.fromstring(svg)  # noqa: S314 - our own matplotlib output, never user input
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag in (f"{{{SVG_NS}}}style", f"{{{SVG_NS}}}metadata"):
                parent.remove(child)
    for el in root.iter():
        if style := el.attrib.pop("style", None):
            for decl in style.split(";"):
                if ":" in decl:
                    key, value = (part.strip() for part in decl.split(":", 1))
                    el.attrib.setdefault(key, value)
        if "id" in el.attrib:
            el.attrib["id"] = prefix + el.attrib["id"]
        for attr in (f"{{{XLINK_NS}}}href", "href"):
            if el.attrib.get(attr, "").startswith("#"):
                el.attrib[attr] = "#" + prefix + el.attrib[attr][1:]
        for attr, value in list(el.attrib.items()):
            if "url(#" in value:
                el.attrib[attr] = re.sub(r"url\(#", f"url(#{prefix}", value)
    for attr in ("width", "height"):
        root.attrib.pop(attr, None)
    root.attrib.update({"role": "img", "aria-labelledby": prefix + "title", "class": "plot"})
    title_el = ET.Element(f"{{{SVG_NS}}}title", {"id": prefix + "title"})
    title_el.text = str(title)
    root.insert(0, title_el)
    return ET.tostring(root, encoding="unicode")


def _render(fig: Figure, title: str) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    return clean_svg(buffer.getvalue(), title)


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
    return _render(fig, _("Support map: avoidance and anxiety per person"))


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
    return _render(fig, _("Small risks: expected against actual tension"))


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
    return _render(fig, _("Relational themes over time"))
