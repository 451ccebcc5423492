"""The committed widget.min.js is exactly what the sources build to, and within its budget."""

from __future__ import annotations

import gzip
import re
import subprocess
import sys
from pathlib import Path

import pytest

from yanit.connectors.webchat.demo_shop import lira
from yanit.connectors.webchat.widget import build

ROOT = build.OUTPUT.parents[5]


def test_committed_widget_equals_a_fresh_build() -> None:
    fresh = build.build()
    assert build.OUTPUT.read_text(encoding="utf-8") == fresh, "run `make widget` and commit the result"


def test_widget_is_at_most_42000_bytes_minified() -> None:
    raw = build.OUTPUT.read_bytes()
    assert len(raw) <= build.MAX_BYTES == 42_000
    assert len(gzip.compress(raw)) < 16 * 1024
    # Minified means one line of code after the banner, and no source comments left.
    lines = raw.decode().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("/* yanit live chat widget")
    assert "Small helpers shared by the other parts" not in lines[1]  # the first source comment
    assert "renderList" not in lines[1]  # internal names were shortened


def test_build_check_mode_reports_a_stale_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stale = tmp_path / "widget.min.js"
    stale.write_text("old")
    monkeypatch.setattr(build, "OUTPUT", stale)
    assert build.main(["--check"]) == 1
    assert build.main([]) == 0
    assert build.main(["--check"]) == 0
    assert stale.read_text() == build.build()


def test_internal_names_are_refused_when_they_also_appear_quoted() -> None:
    with pytest.raises(ValueError, match="renderList"):
        build.shorten('self.renderList(); var x = "renderList";')
    shortened = build.shorten("self.renderList(); a.renderListing; renderList();")
    assert shortened.startswith("self.$")
    assert shortened.endswith("(); a.renderListing; renderList();")


def test_internal_names_are_only_read_from_the_widget_objects() -> None:
    """Shortened names must never be read from server data (``body.identity`` would silently become
    ``body.$x``): every ``x.name`` of an INTERNAL name has one of the widget's own objects as x."""
    source = "\n".join(path.read_text() for path in sorted(build.SRC.glob("*.js")))
    own = {"self", "this", "P", "widget", "node", "row", "newest", "prototype", "socket"}
    for name in build.INTERNAL:
        receivers = set(re.findall(rf"([\w$]+)\.{re.escape(name)}\b", source))
        assert receivers <= own, (name, receivers - own)


def test_make_widget_module_runs() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "yanit.connectors.webchat.widget.build", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


def test_prices_are_written_the_turkish_way() -> None:
    assert lira(1_249_000) == "12.490,00 ₺"
    assert lira(64_990) == "649,90 ₺"
    assert lira(5) == "0,05 ₺"
