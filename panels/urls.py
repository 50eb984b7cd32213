"""URLs of panels, activities, signals and working visits for supporters (namespace "panels")."""

from django.urls import URLPattern

app_name = "panels"

urlpatterns: list[URLPattern] = []
