"""Sanitising HTML that comes from outside (email bodies, API input). Never trust it."""

from __future__ import annotations

import html as std_html

import nh3

_ALLOWED_TAGS = set(nh3.ALLOWED_TAGS) | {"img", "span", "div", "font", "center", "u", "s"}
_ALLOWED_ATTRIBUTES = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    "img": {"src", "alt", "width", "height", "title"},
    "a": {"href", "title"},
    "td": {"colspan", "rowspan", "align", "valign", "style"},
    "th": {"colspan", "rowspan", "align", "valign", "style"},
    "p": {"style", "align"},
    "span": {"style"},
    "div": {"style", "align"},
    "font": {"color"},
}
_ALLOWED_STYLES = {"color", "background-color", "text-align", "font-weight", "font-style", "text-decoration"}


def _drop_remote_images(tag: str, attr: str, value: str) -> str | None:
    # Remote images are tracking pixels until the agent asks for them; the raw original is
    # kept by the channel, so "show images" re-renders from it.
    if tag == "img" and attr == "src" and not value.startswith(("cid:", "data:image/")):
        return None
    return value


def sanitize_html(raw: str, *, remote_images: bool = False) -> str:
    """Safe HTML; remote images are dropped unless ``remote_images`` (the agent asked for them)."""
    return nh3.clean(
        raw,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel", "cid", "data"},
        attribute_filter=None if remote_images else _drop_remote_images,
        filter_style_properties=_ALLOWED_STYLES,
        link_rel="noopener noreferrer nofollow",
        clean_content_tags={"script", "style"},
        strip_comments=True,
    )


def text_to_html(text: str) -> str:
    """Plain text as safe HTML paragraphs (line breaks kept)."""
    paragraphs = [p for p in text.replace("\r\n", "\n").split("\n\n")]
    return "".join("<p>" + std_html.escape(p).replace("\n", "<br>") + "</p>" for p in paragraphs if p.strip())


def html_to_text(raw: str) -> str:
    """A readable plain-text rendering of sanitized HTML (for previews and search)."""
    stripped = nh3.clean(raw.replace("<br>", "\n").replace("</p>", "\n\n"), tags=set())
    return std_html.unescape(stripped).strip()
