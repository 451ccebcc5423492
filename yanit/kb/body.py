"""Article bodies: the HTML an editor may keep (images and videos from the workspace's uploads,
headings, lists, links), its plain text, video links and Turkish-safe slugs."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import nh3
from django.utils.text import slugify

from yanit.core.html import html_to_text
from yanit.core.text import search_fold

# Where uploaded assets are served; bodies may only embed media from here (or https).
ASSET_URL_PREFIX = "/kb-assets/"

_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "ul", "ol", "li",
    "a", "img", "video", "source", "figure", "figcaption", "blockquote", "code", "pre",
    "table", "thead", "tbody", "tr", "th", "td", "hr", "span", "div",
}  # fmt: skip
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "title"},
    "video": {"src", "controls", "width", "height", "poster", "preload"},
    "source": {"src", "type"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
_MEDIA = {("img", "src"), ("video", "src"), ("video", "poster"), ("source", "src")}


def _media_from_allowed_places(tag: str, attr: str, value: str) -> str | None:
    # Media come from the workspace's own uploads or an https address; a body never pulls
    # anything over plain http, javascript: or data: (which could hide anything).
    if (tag, attr) in _MEDIA:
        if value.startswith(ASSET_URL_PREFIX) or value.startswith("https://"):
            return value
        return None
    if tag == "video" and attr == "controls":
        return "controls"
    return value


def sanitize_body(raw: str) -> str:
    """The safe subset of ``raw`` an article body keeps. Headings start at h2 (the page's
    title is the h1): an h1 becomes h2."""
    raw = re.sub(r"<(/?)h1\b", r"<\1h2", raw or "", flags=re.IGNORECASE)
    cleaned = nh3.clean(
        raw,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        attribute_filter=_media_from_allowed_places,
        # Every video gets its player controls, so a visitor can always start and stop it.
        set_tag_attribute_values={"video": {"controls": "controls"}},
        link_rel="noopener noreferrer nofollow",
        clean_content_tags={"script", "style"},
        strip_comments=True,
    )
    # Media whose address was refused would be empty boxes on the page.
    cleaned = _EMPTY_MEDIA.sub("", cleaned)
    return cleaned.strip()


_EMPTY_MEDIA = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>|<video(?![^>]*\ssrc=)[^>]*>\s*</video>")


def body_plain_text(body_html: str) -> str:
    """Readable plain text of a sanitised body, for search and the bot (blocks on their own lines)."""
    spaced = re.sub(r"</(h[2-4]|li|div|blockquote|tr|figcaption)>", r"</\1>\n", body_html)
    text = html_to_text(spaced)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be", "www.youtube-nocookie.com"}
_VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}


def video_kind(url: str) -> str | None:
    """ "youtube" or "vimeo" for an https link to a video there, else None."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme != "https" or not parts.netloc:
        return None
    host = (parts.hostname or "").lower()
    if host in _YOUTUBE_HOSTS:
        if host == "youtu.be":
            return "youtube" if len(parts.path.strip("/")) >= 6 else None
        has_id = "v=" in parts.query or parts.path.startswith(("/embed/", "/shorts/", "/live/"))
        return "youtube" if has_id else None
    if host in _VIMEO_HOSTS:
        return "vimeo" if re.search(r"/\d{5,}", parts.path) else None
    return None


def tr_slug(text: str, max_length: int = 110) -> str:
    """A Turkish-safe address part: "Kargom ne zaman gelir?" → "kargom-ne-zaman-gelir"."""
    return slugify(search_fold(text))[:max_length].strip("-")
