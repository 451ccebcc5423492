"""A store's brand colour on the help center: validated, with text colours that stay readable."""

from __future__ import annotations

import re

HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
DARK_TEXT = "#111827"
LIGHT_TEXT = "#ffffff"
WHITE = "#ffffff"
# WCAG AA for normal text.
MIN_CONTRAST = 4.5


def is_hex_color(value: str) -> bool:
    return bool(HEX_COLOR.match(value or ""))


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(color: str) -> float:
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_on(color: str) -> str:
    """White or near-black, whichever reads better on ``color`` (buttons, the header)."""
    return LIGHT_TEXT if contrast(color, LIGHT_TEXT) >= contrast(color, DARK_TEXT) else DARK_TEXT


def link_color(color: str) -> str:
    """``color`` darkened just enough to be readable as link text on white (a pale yellow brand
    colour still gives legible links)."""
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    for _step in range(40):
        candidate = f"#{r:02x}{g:02x}{b:02x}"
        if contrast(candidate, WHITE) >= MIN_CONTRAST:
            return candidate
        r, g, b = int(r * 0.9), int(g * 0.9), int(b * 0.9)
    return DARK_TEXT
