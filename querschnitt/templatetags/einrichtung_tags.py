"""``{% einrichtung_hinweis %}``: the note on the overview that leads the data stewards to the
setup checklist while a step is open (querschnitt.einrichtung)."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from aktionsplan.rollen import ist_datenpflege
from querschnitt.einrichtung import einrichtung_fuer

register = template.Library()


@register.simple_tag(takes_context=True)
def einrichtung_hinweis(context: template.Context) -> SafeString | str:
    """The note for the data stewards while the setup is incomplete, else nothing. No query for
    anyone else (the roles are cached on the user); for the data stewards the checklist's one
    query, cached per data version."""
    user = context.get("user")
    if user is None or not ist_datenpflege(user):
        return ""
    return render_to_string(
        "querschnitt/includes/_einrichtung_hinweis.html",
        {"einrichtung": einrichtung_fuer(user)},
    )
