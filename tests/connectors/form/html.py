"""Reading the form page the way a browser would, with the standard library's HTML parser."""

from __future__ import annotations

from html.parser import HTMLParser


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.by_id: dict[str, dict[str, str | None]] = {}
        self.text_of: dict[str, str] = {}
        self.tags_of: dict[str, str] = {}
        self._open: list[str] = []
        self._select: str = ""
        self.selected: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        ident = values.get("id") or ""
        if ident:
            self.by_id[ident] = values
            self.tags_of[ident] = tag
            self.text_of.setdefault(ident, "")
            if tag not in ("input", "br", "img"):
                self._open.append(ident)
        if tag == "select":
            self._select = ident
        if tag == "option" and "selected" in values and self._select:
            self.selected[self._select] = values.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = ""
        if self._open and self.tags_of.get(self._open[-1]) == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for ident in self._open:
            self.text_of[ident] += data


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def field_error(html: str, name: str) -> str:
    return " ".join(parse(html).text_of.get(f"id_{name}_error", "").split())


def text_by_id(html: str, ident: str) -> str:
    return " ".join(parse(html).text_of.get(ident, "").split())


def value_of(html: str, name: str) -> str:
    page = parse(html)
    ident = f"id_{name}"
    tag = page.tags_of[ident]
    if tag == "textarea":
        return page.text_of[ident].removeprefix("\n")
    if tag == "select":
        return page.selected.get(ident, "")
    return page.by_id[ident].get("value") or ""
