"""Real mail servers on loopback for the tests: aiosmtpd receives, Debian's Dovecot holds a box.

Each is started by its fixture and stopped after the test; nothing leaves 127.0.0.1.
"""

import getpass
import grp
import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

DOVECOT = shutil.which("dovecot") or (
    "/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None
)
DOVECOT_MISSING = (
    "no Dovecot: install Debian's with `apt-get install dovecot-imapd` to run the bounce-mailbox "
    "tests (.ci/run installs it)"
)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Received:
    mail_from: str
    recipients: list
    message: object
    raw: bytes

    @property
    def header_block(self):
        """The message's headers, as its bytes hold them."""
        return self.raw.replace(b"\r\n", b"\n").split(b"\n\n", 1)[0].decode()


@dataclass
class SmtpSink:
    """What the SMTP server received: envelopes and parsed messages, in order."""

    received: list = field(default_factory=list)
    port: int = 0  # for other processes: EMAIL_URL=smtp://127.0.0.1:<port>

    async def handle_DATA(self, server, session, envelope):
        self.received.append(
            Received(
                envelope.mail_from,
                list(envelope.rcpt_tos),
                message_from_bytes(envelope.original_content, policy=policy.default),
                envelope.original_content,
            )
        )
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    """An SMTP server on loopback that the site's mailer sends to; yields what it received."""
    sink = SmtpSink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    sink.port = controller.port
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 10},
        }
    }
    yield sink
    controller.stop()


@dataclass
class ImapBox:
    host: str
    port: int
    user: str
    password: str

    def connect(self):
        imap = imaplib.IMAP4(self.host, self.port, timeout=10)
        imap.login(self.user, self.password)
        imap.select("INBOX")
        return imap

    def append(self, raw):
        imap = self.connect()
        imap.append("INBOX", None, None, raw)
        imap.logout()

    def messages(self):
        imap = self.connect()
        _status, data = imap.uid("SEARCH", None, "ALL")
        found = []
        for uid in data[0].split():
            _status, fetched = imap.uid("FETCH", uid, "(BODY.PEEK[])")
            found.append(next(item[1] for item in fetched if isinstance(item, tuple)))
        imap.logout()
        return found


DOVECOT_CONF = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
listen = 127.0.0.1
protocols = imap
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{root}/mail/%u
first_valid_uid = 1
{unprivileged}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""


@pytest.fixture
def imap_server(settings):
    """Dovecot on loopback with one mailbox, the site's bounce box; yields it."""
    if DOVECOT is None:
        pytest.skip(DOVECOT_MISSING)
    root = Path(tempfile.mkdtemp(prefix="pare-dovecot-"))
    root.chmod(0o755)
    (root / "mail").mkdir()
    if os.geteuid() == 0:
        # Dovecot never gives mail to root: the box belongs to nobody.
        uid, gid, unprivileged = "nobody", grp.getgrgid(pwd.getpwnam("nobody").pw_gid).gr_name, ""
        shutil.chown(root / "mail", user=uid, group=gid)
    else:
        uid = gid = str(os.geteuid())
        user = getpass.getuser()
        unprivileged = f"default_internal_user = {user}\ndefault_login_user = {user}"
        gid = str(os.getegid())
    box = ImapBox("127.0.0.1", free_port(), "bounces", "mot-de-passe-de-test")
    (root / "users").write_text(f"{box.user}:{{PLAIN}}{box.password}\n")
    config = root / "dovecot.conf"
    config.write_text(
        DOVECOT_CONF.format(root=root, uid=uid, gid=gid, port=box.port, unprivileged=unprivileged)
    )
    subprocess.run([DOVECOT, "-c", str(config)], check=True)
    try:
        for _attempt in range(50):
            try:
                box.connect().logout()
                break
            except OSError:
                time.sleep(0.1)
        settings.BOUNCE_IMAP_HOST = box.host
        settings.BOUNCE_IMAP_PORT = box.port
        settings.BOUNCE_IMAP_SSL = False
        settings.BOUNCE_IMAP_USER = box.user
        settings.BOUNCE_IMAP_PASSWORD = box.password
        yield box
    finally:
        subprocess.run([DOVECOT, "-c", str(config), "stop"], check=False)
        shutil.rmtree(root, ignore_errors=True)
