"""URL patterns for disputes, added to the "advice" namespace by advice/urls.py."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
