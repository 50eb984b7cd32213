"""URLs of requests for advice and consent (namespace "advice"): /verzoeken/... The letter and dispute URLs live in
their own modules (advice/urls_letters.py, advice/urls_disputes.py) and are added to this namespace."""

from django.urls import URLPattern, path  # noqa: F401 - path is for the patterns below

from advice import urls_disputes, urls_letters

app_name = "advice"

urlpatterns: list[URLPattern] = [
    *urls_letters.urlpatterns,
    *urls_disputes.urlpatterns,
]
