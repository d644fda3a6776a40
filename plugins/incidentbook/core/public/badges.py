"""Status badges: SVG images for READMEs and dashboards, and shields.io endpoint JSON.

The SVG is self-contained (no font or script) and readable by screen readers: ``role="img"`` with an
``aria-label`` and a ``<title>`` that say the same as the picture. shields.io users can instead point
``https://img.shields.io/endpoint?url=<site>/badge.json`` at the JSON and style it as they like.
Colours follow Statuspage's impact colours, in the shields.io palette.

A badge's label and message are plain text (:func:`~incidentbook.core.text.render.plain_text`), so the
JSON carries no markup for a dashboard to render; every text and attribute of the SVG goes through
:func:`~incidentbook.core.text.render.xml_text` as it is written, so it never holds a control character.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ..text.render import plain_text, xml_text

SVG_NS = "http://www.w3.org/2000/svg"
# shields.io colour name -> the hex our SVG uses: shields' own shades, except a darker blue so that its
# text keeps a WCAG contrast of at least 4.5:1.
PALETTE = {"brightgreen": "#4c1", "yellow": "#dfb317", "orange": "#fe7d37", "red": "#e05d44", "blue": "#0072b8"}
INDICATOR_COLORS = {"none": "brightgreen", "minor": "yellow", "major": "orange", "critical": "red", "maintenance": "blue"}
COMPONENT_COLORS = {
    "operational": "brightgreen", "degraded_performance": "yellow", "partial_outage": "orange",
    "major_outage": "red", "under_maintenance": "blue",
}
COMPONENT_MESSAGES = {
    "operational": "operational", "degraded_performance": "degraded performance",
    "partial_outage": "partial outage", "major_outage": "major outage", "under_maintenance": "under maintenance",
}
LABEL_BACKGROUND = "#555"
LIGHT_TEXT, DARK_TEXT = "#fff", "#111"
# Badge text is 11px Verdana; without a font to measure, widths are estimated per character and the
# text is stretched to exactly that width (textLength), so every renderer draws the same badge.
CHAR_WIDTH = 6.5
PADDING = 10


@dataclass(frozen=True, slots=True)
class Badge:
    label: str
    message: str
    color: str  # a key of PALETTE

    @property
    def text(self) -> str:
        return f"{self.label}: {self.message}"


def overall_badge(indicator: str, description: str) -> Badge:
    """The page's roll-up, worded as on the status page."""
    return Badge(label="status", message=description, color=INDICATOR_COLORS[indicator])


def component_badge(name: str, component_status: str) -> Badge:
    """A component's badge, labelled with its catalog name as plain text."""
    return Badge(label=plain_text(name), message=COMPONENT_MESSAGES[component_status], color=COMPONENT_COLORS[component_status])


def shields_json(badge: Badge) -> str:
    """shields.io's endpoint badge format (schemaVersion 1)."""
    payload = {"schemaVersion": 1, "label": badge.label, "message": badge.message, "color": badge.color}
    return json.dumps(payload, ensure_ascii=False) + "\n"


def _width(text: str) -> int:
    return round(len(text) * CHAR_WIDTH) + PADDING


def luminance(hex_color: str) -> float:
    """WCAG relative luminance of ``#rgb`` or ``#rrggbb``."""
    digits = hex_color.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    channels = [int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours (1 to 21): picks a readable text colour for each badge."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_color(background: str) -> str:
    """White or near-black, whichever reads better on ``background`` (shields' white on yellow does not)."""
    return max((LIGHT_TEXT, DARK_TEXT), key=lambda color: contrast(color, background))


def _element(parent: ET.Element, tag: str, attributes: dict[str, str], text: str | None = None) -> ET.Element:
    """A child element, the only way text enters the SVG: ElementTree escapes markup, :func:`xml_text`
    drops control characters, which XML cannot hold."""
    element = ET.SubElement(parent, f"{{{SVG_NS}}}{tag}", {name: xml_text(value) for name, value in attributes.items()})
    element.text = None if text is None else xml_text(text)
    return element


def _text(parent: ET.Element, x: float, width: int, value: str, background: str) -> None:
    _element(parent, "text", {
        "x": f"{x:g}", "y": "14", "fill": text_color(background),
        "textLength": str(width - PADDING), "lengthAdjust": "spacingAndGlyphs",
    }, value)


def svg(badge: Badge) -> str:
    """A flat two-part badge as SVG markup, built by ElementTree so every text is escaped."""
    ET.register_namespace("", SVG_NS)
    left, right = _width(badge.label), _width(badge.message)
    color = PALETTE[badge.color]
    total = left + right
    root = ET.Element(f"{{{SVG_NS}}}svg", {
        "width": str(total), "height": "20", "viewBox": f"0 0 {total} 20", "role": "img",
        "aria-label": xml_text(badge.text),
    })
    _element(root, "title", {}, badge.text)
    shapes = _element(root, "g", {"shape-rendering": "crispEdges"})
    _element(shapes, "rect", {"width": str(left), "height": "20", "fill": LABEL_BACKGROUND})
    _element(shapes, "rect", {"x": str(left), "width": str(right), "height": "20", "fill": color})
    texts = _element(root, "g", {
        "text-anchor": "middle", "font-family": "Verdana,Geneva,DejaVu Sans,sans-serif", "font-size": "11",
        "aria-hidden": "true",
    })
    _text(texts, left / 2, left, badge.label, LABEL_BACKGROUND)
    _text(texts, left + right / 2, right, badge.message, color)
    return ET.tostring(root, encoding="unicode") + "\n"
