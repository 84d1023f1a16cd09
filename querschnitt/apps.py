from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuerschnittConfig(AppConfig):
    """Layer 5: the pages that read across apps (overview, themes, areas, actors, data sources,
    a measure's detail page). They may import every app; no app imports them."""

    name = "querschnitt"
    verbose_name = _("Querschnitt")
