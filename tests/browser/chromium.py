"""Where Debian's Chromium is, how it is launched, and what to do when it is missing."""

import shutil

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Nothing of its own on the network (updates, sync, QUIC); no sandbox, as CI runs as root.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Every screenshot is taken at a phone's width and a laptop's.
WIDTHS = (375, 1280)
MISSING = (
    "no Chromium: install Debian's with `apt-get install chromium chromium-driver` "
    "to run the browser tests (make test-browser)"
)
