import datetime
import json

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from pare import richtext as richtext_module
from pare.dates import long_date

register = template.Library()

# Characters that could close the <script> element or open a comment, written as JSON escapes.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def richtext(text, option=""):
    """Render staff text (paragraphs, lists, quotations, links) as safe HTML.

    {{ text|richtext:"headings" }} also turns « ## » lines into headings.
    """
    return richtext_module.render(text, headings=option == "headings")


@register.filter
def excerpt(text, words=40):
    """Staff text without markup, cut to a number of words: for descriptions."""
    return Truncator(richtext_module.plain(text)).words(words)


@register.filter
def ld_json(data):
    """Serialise structured data for a <script type="application/ld+json"> block, safely."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES))


@register.simple_tag(takes_context=True)
def absolute_uri(context, path):
    """The path on the host this request came to: for the page's own metadata (og:image)."""
    return context["request"].build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def include_entry(context, template_name, entry, **values):
    """Include an entry's partial, which knows the entry by its model's name: event, resource.

    A context holding `entry_renderings` (a dict) renders each partial of each entry once into
    it, and reuses what it holds: renderings shared by several documents (an e-mail sending's
    editions). Only the entry may vary then: an inclusion with values of its own is not shared.
    """
    renderings = None if values else context.get("entry_renderings")
    key = (template_name, entry._meta.label_lower, entry.pk)
    if renderings is not None and key in renderings:
        return renderings[key]
    template = context.template.engine.get_template(template_name)
    with context.push(**{entry._meta.model_name: entry}, **values):
        rendering = template.render(context)
    if renderings is not None:
        renderings[key] = rendering
    return rendering


@register.filter
def in_words(day):
    """« jeudi 12 octobre 2023 », of a day or of a moment (in Paris)."""
    if isinstance(day, datetime.datetime):
        day = timezone.localdate(day)
    return long_date(day) if day else ""
