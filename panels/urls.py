"""URLs of panels, activities, signals and working visits for supporters (namespace "panels").

Signals are addressed by uuid (DESIGN.md convention 5); activities under their body; working visits and panel
contacts under the central council. The public pages and the public signal form are in members/public_urls.py
(namespace "public").
"""

from django.urls import path

from panels import views

app_name = "panels"

urlpatterns = [
    path("panels/", views.panel_list_view, name="panel_list"),
    # Activities (W-PAN-1), under the body that held them (a panel, or any body).
    path("panels/<slug:slug>/activiteiten/", views.activity_list_view, name="activity_list"),
    path("panels/<slug:slug>/activiteiten/nieuw/", views.activity_create_view, name="activity_create"),
    path("panels/<slug:slug>/activiteiten/<uuid:uuid>/", views.activity_detail_view, name="activity_detail"),
    path("panels/<slug:slug>/activiteiten/<uuid:uuid>/bewerken/", views.activity_update_view, name="activity_update"),
    # Signals (W-PAN-2).
    path("signalen/", views.signal_list_view, name="signal_list"),
    path("panels/<slug:slug>/signalen/nieuw/", views.signal_create_view, name="signal_create"),
    path("signalen/<uuid:uuid>/", views.signal_detail_view, name="signal_detail"),
    path("signalen/<uuid:uuid>/in-behandeling/", views.signal_start_handling_view, name="signal_start_handling"),
    path("signalen/<uuid:uuid>/antwoord/", views.signal_answer_view, name="signal_answer"),
    path("signalen/<uuid:uuid>/doorsturen/", views.signal_forward_view, name="signal_forward"),
    path("signalen/<uuid:uuid>/antwoord-raad/", views.signal_council_answer_view, name="signal_council_answer"),
    path("signalen/<uuid:uuid>/teruggekoppeld/", views.signal_told_view, name="signal_told"),
    path("signalen/<uuid:uuid>/afsluiten/", views.signal_close_view, name="signal_close"),
    path("signalen/<uuid:uuid>/koppelen/", views.signal_link_view, name="signal_link"),
    # The central council's working visits and panel contacts (W-SCOPE-5).
    path("raden/<slug:slug>/lokaal/", views.contact_list_view, name="contact_list"),
    path("raden/<slug:slug>/lokaal/nieuw/", views.contact_create_view, name="contact_create"),
]
