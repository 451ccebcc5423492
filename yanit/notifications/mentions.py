"""Finding @mentions of agents in a note: "@Ayşe Yılmaz", "@Ayşe" or "@ayse.yilmaz" (email local part).

Matching ignores Turkish case and diacritics ("@AYSE" finds Ayşe, "@ılker" finds İlker), prefers the
longest handle ("@Ayşe Yılmaz" over "@Ayşe"), and never matches inside a word or an email address
("ali@example.com" mentions nobody, "@alice" is not "@ali").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from yanit.accounts.models import Agent
from yanit.core.text import tr_lower

_DIACRITICS = str.maketrans(
    {"ı": "i", "ğ": "g", "ü": "u", "ş": "s", "ö": "o", "ç": "c", "â": "a", "î": "i", "û": "u"}
)
_WORD_CHAR = re.compile(r"[\w]", re.UNICODE)
MAX_MENTIONS = 20


def _fold_char(ch: str) -> str:
    """One character in, one out, so offsets in the folded text are offsets in the original."""
    folded = tr_lower(ch).translate(_DIACRITICS)
    stripped = "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))
    return stripped[:1] if len(stripped) >= 1 else ch


def fold(text: str) -> str:
    return "".join(_fold_char(ch) for ch in text)


@dataclass(frozen=True)
class Mention:
    start: int  # index of the "@"
    end: int  # index after the handle
    agent_id: int


def handles_for(agents: Iterable[Agent]) -> dict[str, int]:
    """Folded handle → agent id. A first name shared by two agents is left out (it would be a guess)."""
    full: dict[str, int] = {}
    first: dict[str, set[int]] = {}
    for agent in agents:
        name = " ".join((agent.user.name or "").split())
        if name:
            full.setdefault(fold(name), agent.pk)
            first.setdefault(fold(name.split(" ")[0]), set()).add(agent.pk)
        local = agent.user.email.split("@", 1)[0]
        if local:
            full.setdefault(fold(local), agent.pk)
    handles = dict(full)
    for handle, ids in first.items():
        if len(ids) == 1 and handle not in handles:
            handles[handle] = next(iter(ids))
    return handles


def find_mentions(text: str, handles: dict[str, int]) -> list[Mention]:
    if "@" not in text or not handles:
        return []
    folded = fold(text)
    ordered = sorted(handles, key=len, reverse=True)
    found: list[Mention] = []
    i = folded.find("@")
    while i != -1 and len(found) < MAX_MENTIONS:
        next_from = i + 1
        if i == 0 or not _WORD_CHAR.match(folded[i - 1]):
            for handle in ordered:
                end = i + 1 + len(handle)
                if folded.startswith(handle, i + 1) and (
                    end == len(folded) or not _WORD_CHAR.match(folded[end])
                ):
                    if not (end < len(folded) and folded[end] == "@"):
                        found.append(Mention(i, end, handles[handle]))
                        next_from = end
                    break
        i = folded.find("@", next_from)
    return found


def mentioned_agents(workspace_id: int, text: str) -> list[Agent]:
    """The active agents of the workspace mentioned in ``text``, in order of first mention."""
    if "@" not in text:
        return []
    agents = list(Agent.objects.filter(workspace_id=workspace_id, is_active=True).select_related("user"))
    by_id = {a.pk: a for a in agents}
    seen: list[Agent] = []
    for mention in find_mentions(text, handles_for(agents)):
        agent = by_id[mention.agent_id]
        if agent not in seen:
            seen.append(agent)
    return seen
