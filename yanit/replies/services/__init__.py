"""The replies services other apps call (the rules engine among them):

- ``render_canned(canned, conversation, agent=None) -> str``
- ``apply_macro(agent, conversation, macro, *, actor_kind=None) -> Conversation``
- ``install_default_replies(workspace)`` and ``complaint_response(workspace_id, tag)``
"""

from yanit.replies.services.canned import do_record_canned_use, render_canned
from yanit.replies.services.install import complaint_response, install_default_replies
from yanit.replies.services.macros import apply_macro

__all__ = [
    "apply_macro",
    "complaint_response",
    "do_record_canned_use",
    "install_default_replies",
    "render_canned",
]
