"""The language of content (WCAG 2.1, 3.1.2 Language of Parts).

What people type into the app (titles, descriptions, goals, status reports, texts in Leichte
Sprache, the DGS text version, the statement) is written in the content language,
``settings.LANGUAGE_CODE`` (German): there is one text per field, not one per interface language.
On a page in another interface language (English), a screen reader must read it in German, so
every content field sits inside an element with ``lang="de"``. Two ways, one rule:

- ``{{ projekt.titel|inhalt }}`` for a field inside text or an element of its own: the escaped
  value, inside ``<span lang="de">`` when the page's language is not the content language
  (unchanged on German pages, so they look exactly as before). Chains after ``linebreaksbr``.
- ``<div{% inhalt_lang %}>{{ video.textfassung|linebreaks }}</div>`` for an element holding
  block content (paragraphs cannot sit in a span): ``lang="de"`` on that element.

Not for ``<title>``, attribute values, ``<option>`` or ``<textarea>``: they hold text only (the
page title stays in the page's language; forms show the German value as typed).
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()


def inhaltssprache() -> str:
    """The language content is written in (``settings.LANGUAGE_CODE``, "de")."""
    return settings.LANGUAGE_CODE.split("-")[0]


def _fremd() -> bool:
    """Whether the page's language differs from the content's."""
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0] != inhaltssprache()


@register.filter(needs_autoescape=True)
def inhalt(wert: object, autoescape: bool = True) -> SafeString | str:
    """The content ``wert`` marked in the content language on a page in another language."""
    text = conditional_escape(wert) if autoescape else str(wert)
    if wert in (None, "") or not _fremd():
        return text
    return mark_safe(f'<span lang="{inhaltssprache()}">{text}</span>')


@register.simple_tag
def inhalt_lang() -> SafeString:
    """`` lang="de"`` for an element of content on a page in another language, else nothing."""
    if not _fremd():
        return mark_safe("")
    return mark_safe(f' lang="{inhaltssprache()}"')
