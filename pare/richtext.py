"""The light formatting staff may use in long texts, rendered to HTML that cannot run anything.

Staff type plain text: a blank line separates paragraphs, a line starting with « - » is a list
item, a line starting with « > » is a quotation, and web addresses become links. Whatever HTML they
type is escaped first, and the result then goes through an allow-list sanitiser (nh3).
"""

import functools
import re

import nh3
from django.utils.html import escape, urlize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

HELP_TEXT = _(
    "Une ligne vide sépare deux paragraphes ; une ligne qui commence par « - » est un élément de "
    "liste ; une ligne qui commence par « > » est une citation ; les adresses web et e-mail "
    "deviennent des liens."
)

ALLOWED_TAGS = {"p", "br", "ul", "li", "blockquote", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
BLANK_LINES = re.compile(r"\n\s*\n")


def _inline(text: str) -> str:
    return urlize(escape(text), nofollow=True).replace("\n", "<br>")


def _block(block: str, headings: bool) -> str:
    lines = block.splitlines()
    if headings and len(lines) == 1 and lines[0].startswith("## "):
        return f"<h2>{escape(lines[0][3:].strip())}</h2>"
    if all(line.lstrip().startswith("-") for line in lines):
        items = "".join(f"<li>{_inline(line.lstrip()[1:].strip())}</li>" for line in lines)
        return f"<ul>{items}</ul>"
    if all(line.lstrip().startswith(">") for line in lines):
        quoted = "\n".join(line.lstrip()[1:].strip() for line in lines)
        return f"<blockquote><p>{_inline(quoted)}</p></blockquote>"
    return f"<p>{_inline(block.strip())}</p>"


def render(text: str, headings: bool = False) -> SafeString:
    """Turn staff text into safe HTML paragraphs, lists, quotations and links.

    With headings, a line of its own that starts with « ## » is a level-2 heading (for pages
    whose only heading above is their title).
    """
    return mark_safe(_render((text or "").replace("\r\n", "\n").strip(), headings))


@functools.lru_cache(maxsize=2048)
def _render(text: str, headings: bool = False) -> str:
    """Rendering is pure and costly (urlize, sanitising): each text is rendered once."""
    if not text:
        return ""
    html = "".join(_block(block, headings) for block in BLANK_LINES.split(text))
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS | ({"h2"} if headings else set()),
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
    )


def plain(text: str) -> str:
    """The same text without its markup, for descriptions and e-mails."""
    lines = [line.strip().lstrip("->").strip() for line in (text or "").splitlines()]
    return " ".join(line for line in lines if line)
