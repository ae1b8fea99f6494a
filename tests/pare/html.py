"""Read HTML the way a browser would, to check what a page could run."""

import re
from dataclasses import dataclass
from html.parser import HTMLParser

DATA_BLOCK_TYPES = {"application/ld+json", "application/json"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}
NONCE = re.compile(r"'nonce-([^']+)'")


@dataclass
class Element:
    tag: str
    attrs: dict
    text: str = ""


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self._script = None

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name.lower(): value or "" for name, value in attrs})
        self.elements.append(element)
        if tag in ("script", "style"):
            self._script = element

    def handle_data(self, data):
        if self._script is not None:
            self._script.text += data

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._script = None


def parse(html):
    page = Page()
    page.feed(html)
    page.close()
    return page.elements


def header_nonce(response):
    match = NONCE.search(response.get("Content-Security-Policy", ""))
    return match.group(1) if match else None


def active_content(response):
    """Everything in a page that would run script without an external, same-origin file.

    A <script> without src is allowed only as a data block (JSON) carrying the response's nonce.
    """
    return active_content_in(response.content.decode(), header_nonce(response))


def runs_nothing(element):
    """A frame of a page of this site that its sandbox forbids to run scripts."""
    sandbox = element.attrs.get("sandbox")
    return (
        element.tag == "iframe"
        and sandbox is not None
        and "allow-scripts" not in sandbox.split()
        and element.attrs.get("src", "").startswith("/")
        and not element.attrs.get("src", "").startswith("//")
    )


def active_content_in(html, nonce=None):
    problems = []
    for element in parse(html):
        for name, value in element.attrs.items():
            if name.startswith("on"):
                problems.append(f"<{element.tag} {name}=…>")
            compact = re.sub(r"[\s\x00-\x1f]", "", value).lower()
            if name in URL_ATTRIBUTES and compact.startswith(("javascript:", "vbscript:")):
                problems.append(f"<{element.tag} {name}={value[:40]}>")
            if name in URL_ATTRIBUTES and compact.startswith("data:text/html"):
                problems.append(f"<{element.tag} {name}={value[:40]}>")
        if element.tag == "script" and "src" not in element.attrs:
            if element.attrs.get("type", "").lower() not in DATA_BLOCK_TYPES:
                problems.append(f"inline <script>: {element.text[:60]!r}")
            elif not nonce or element.attrs.get("nonce") != nonce:
                problems.append("data block without the response's nonce")
        frames = {"iframe", "frame", "object", "embed", "base", "applet"}
        if element.tag in frames and not runs_nothing(element):
            problems.append(f"<{element.tag}>")
        if element.tag == "meta" and element.attrs.get("http-equiv", "").lower() == "refresh":
            problems.append("<meta http-equiv=refresh>")
    return problems
