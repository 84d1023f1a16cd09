"""Monitoring URLs, assembled from the indicator part and the findings/report part."""

from monitoring import urls_berichte, urls_indikatoren

app_name = "monitoring"

urlpatterns = [*urls_indikatoren.urlpatterns, *urls_berichte.urlpatterns]
