"""An article's YouTube or Vimeo link as a privacy-friendly embedded player address.

Only these two hosts are ever put into an <iframe> (the help center's Content-Security-Policy
allows exactly them as frame sources); anything else is shown as a plain link.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_ID = re.compile(r"^\d{4,12}$")
YOUTUBE_EMBED = "https://www.youtube-nocookie.com/embed/"
VIMEO_EMBED = "https://player.vimeo.com/video/"
FRAME_SOURCES = ("https://www.youtube-nocookie.com", "https://player.vimeo.com")


def embed_url(url: str) -> str:
    """ "https://youtu.be/dQw4w9WgXcQ" → the youtube-nocookie player; "" when not a video link."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        return ""
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    path = [p for p in parts.path.split("/") if p]
    if host in ("youtube.com", "youtube-nocookie.com", "music.youtube.com"):
        if path[:1] == ["watch"]:
            candidate = (parse_qs(parts.query).get("v") or [""])[0]
        elif len(path) >= 2 and path[0] in ("embed", "shorts", "live", "v"):
            candidate = path[1]
        else:
            candidate = ""
        return YOUTUBE_EMBED + candidate if _YOUTUBE_ID.match(candidate) else ""
    if host == "youtu.be":
        candidate = path[0] if path else ""
        return YOUTUBE_EMBED + candidate if _YOUTUBE_ID.match(candidate) else ""
    if host in ("vimeo.com", "player.vimeo.com"):
        candidate = path[-1] if path else ""
        return VIMEO_EMBED + candidate if _VIMEO_ID.match(candidate) else ""
    return ""
