"""Filters for the e-mail edition: addresses on SITE_URL, and staff text as readable plain text."""

from django import template
from django.utils.safestring import mark_safe

from newsletters import email
from pare.richtext import BLANK_LINES

register = template.Library()


@register.filter
def on_site(url):
    """« /agenda/webinaire/ » → « https://pare.example.org/agenda/webinaire/ »."""
    return email.on_site(url) if url else ""


def _line(line):
    stripped = line.strip()
    if stripped.startswith("-"):
        return f"  - {stripped[1:].strip()}"
    if stripped.startswith(">"):
        return f"> {stripped[1:].strip()}"
    return stripped


@register.filter
def plain_text(text):
    """Staff text (see pare.richtext) as plain text: the same paragraphs, lists and quotations.

    The e-mail's text part is wrapped as a whole afterwards (newsletters.email.wrap).
    """
    text = (text or "").replace("\r\n", "\n").strip()
    blocks = (
        "\n".join(_line(line) for line in block.splitlines() if line.strip())
        for block in BLANK_LINES.split(text)
    )
    return "\n\n".join(block for block in blocks if block)


@register.filter
def quoted(html):
    """Put the « » of a quotation inside its first and last paragraphs (no CSS ::before in mail)."""
    html = str(html)
    if html.startswith("<p>") and html.endswith("</p>"):
        html = f"<p>« {html[3:-4]} »</p>"
    return mark_safe(html)


@register.filter
def quoted_text(text):
    """« … » around a plain-text quotation."""
    return f"« {text} »" if text else ""
