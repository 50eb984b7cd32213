"""URL patterns for letters, added to the "advice" namespace by advice/urls.py."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
