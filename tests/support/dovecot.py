"""A throw-away Dovecot IMAP server on a free loopback port, with one plain-password user.

Used by the email tests and by ``bench.email_ingest``; it does not import yanit or pytest.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support.ports import free_port, wait_for_port

DOVECOT = "/usr/sbin/dovecot"
DOVEADM = "/usr/bin/doveadm"

_CONF = """protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/run
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{root}/mail/%u
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={root}/mail/%u
}}
namespace inbox {{
  inbox = yes
}}
"""


@dataclass(frozen=True)
class DovecotProcess:
    port: int
    root: Path
    user: str
    password: str

    def maildir(self) -> Path:
        return self.root / "mail" / self.user


def installed() -> bool:
    return Path(DOVECOT).exists()


@contextmanager
def running_dovecot(user: str, password: str) -> Iterator[DovecotProcess]:
    # Not under pytest's temp dir: that one is private (0700), and dovecot's auth and mail
    # processes run as other users and must read the password file.
    root = Path(tempfile.mkdtemp(prefix="yanit-dovecot-"))
    root.chmod(0o755)
    (root / "run").mkdir()
    (root / "mail").mkdir()
    shutil.chown(root / "mail", "nobody", "nogroup")
    (root / "users").write_text(f"{user}:{{PLAIN}}{password}\n")
    (root / "users").chmod(0o644)
    port = free_port()
    conf = root / "dovecot.conf"
    conf.write_text(_CONF.format(root=root, port=port))
    subprocess.run([DOVECOT, "-c", str(conf)], check=True)
    try:
        wait_for_port(port)
        yield DovecotProcess(port=port, root=root, user=user, password=password)
    finally:
        subprocess.run([DOVEADM, "-c", str(conf), "stop"], check=False)
        shutil.rmtree(root, ignore_errors=True)
