"""Builds ``static/webchat/widget.min.js`` from the sources in ``src/``.

The widget is plain JavaScript without third-party code: the ``src/*.js`` files are joined in
name order inside one function scope (so nothing leaks into the page but ``window.Yanit``),
``src/widget.css`` is minified and embedded as the ``CSS`` string for the shadow root, and the
result is minified with calmjs.parse (local names shortened). The widget's own long property
and method names listed in ``INTERNAL`` are shortened too, as whole words after a dot, before
parsing; the build refuses a name that also appears quoted or as an object key, where the
rename would miss it. The built file is committed so that running yanit needs no
build tools; a test checks it equals a fresh build.

    python -m yanit.connectors.webchat.widget.build          # write the file
    python -m yanit.connectors.webchat.widget.build --check  # exit 1 when it is stale
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from calmjs.parse import es5
from calmjs.parse.unparsers.es5 import minify_print

SRC = Path(__file__).with_name("src")
OUTPUT = Path(__file__).resolve().parents[1] / "static" / "webchat" / "widget.min.js"
MAX_BYTES = 42_000  # raised from 40 KiB for the instant answers' yes/no buttons
INTERNAL: list[str] = re.findall(
    r"\S+",
    """
ensureSession renderCards renderList renderHeader renderAll saveOutbox emojiPop emojiBtn fileInput
typingSent typingEl typingLabel typingHide toggleMenu toggleEmoji readUpTo noteEl noteTimer menuEl
menuBtn liveNote liveTimer introGreet introSub statusEl titleEl sendBtn announcer seenId lastId
unread isOpen setBadge showTyping markRead flashTitle stopFlash unlockSound chime needsPrechat
prechatDone askEmail shownCard closeCard formCard afterFirstMessage messageNode attachmentNode
dayLabel autosize focusables onFrame settle sentRead flush ticker nudge pinger lastFrame attempt
handlers words store socket session _tick _author _name launcher preview composer
""",
)
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
BANNER = "/* yanit live chat widget | AGPL-3.0-or-later */\n"


def minify_css(css: str) -> str:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"\s+", " ", css)
    css = re.sub(r"\s*([{};,>])\s*", r"\1", css)
    css = re.sub(r":\s+", ":", css)
    css = re.sub(r"\s*!important", "!important", css)
    return css.replace(";}", "}").strip()


def shorten(source: str) -> str:
    for index, name in enumerate(INTERNAL):
        if re.search(rf"[\"']{re.escape(name)}\b|[{{,]\s*{re.escape(name)}\s*:", source):
            raise ValueError(f"{name} appears quoted or as an object key: remove it from INTERNAL")
        cycle, letter = divmod(index, len(LETTERS))
        short = "$" + LETTERS[letter] + (str(cycle) if cycle else "")
        source = re.sub(rf"(?<=\.){re.escape(name)}\b", short, source)
    return source


def build() -> str:
    css = minify_css((SRC / "widget.css").read_text(encoding="utf-8"))
    code = shorten("\n".join(path.read_text(encoding="utf-8") for path in sorted(SRC.glob("*.js"))))
    css_line = f"var CSS = {json.dumps(css, ensure_ascii=False)};"
    source = '(function () {\n"use strict";\n' + css_line + "\n" + code + "\n})();\n"
    return BANNER + minify_print(es5(source), obfuscate=True, shadow_funcname=True, drop_semi=True) + "\n"


def main(argv: list[str]) -> int:
    built = build()
    size = len(built.encode("utf-8"))
    if size > MAX_BYTES:
        print(f"widget.min.js is {size} bytes, over the {MAX_BYTES} byte budget", file=sys.stderr)
        return 1
    if "--check" in argv:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != built:
            print("widget.min.js is stale: run `make widget`", file=sys.stderr)
            return 1
        return 0
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(built, encoding="utf-8")
    print(f"wrote {OUTPUT.name}: {size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
