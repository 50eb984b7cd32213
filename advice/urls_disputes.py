"""URL patterns for disputes (W-DIS-1) and nullity (W-CON-5), added to the "advice" namespace by advice/urls.py."""

from django.urls import URLPattern, path

from advice import dispute_views as views

urlpatterns: list[URLPattern] = [
    path("geschillen/", views.dispute_list_view, name="dispute_list"),
    path("geschillen/nieuw/", views.dispute_create_view, name="dispute_create"),
    path("geschillen/<uuid:uuid>/", views.dispute_detail_view, name="dispute_detail"),
    path("geschillen/<uuid:uuid>/commissielid/", views.dispute_member_add_view, name="dispute_member_add"),
    path("geschillen/<uuid:uuid>/document/", views.dispute_document_add_view, name="dispute_document_add"),
    path("geschillen/<uuid:uuid>/bemiddeling/", views.dispute_mediation_view, name="dispute_mediation"),
    path("geschillen/<uuid:uuid>/uitspraak/", views.dispute_ruling_view, name="dispute_ruling"),
    path("geschillen/<uuid:uuid>/beroep/", views.dispute_appeal_view, name="dispute_appeal"),
    path("geschillen/<uuid:uuid>/beroep/uitspraak/", views.dispute_appeal_decide_view, name="dispute_appeal_decide"),
    path("geschillen/<uuid:uuid>/afsluiten/", views.dispute_close_view, name="dispute_close"),
    path("nietigheid/", views.nullity_list_view, name="nullity_list"),
    path("nietigheid/nieuw/", views.nullity_create_view, name="nullity_create"),
    path("nietigheid/<uuid:uuid>/", views.nullity_detail_view, name="nullity_detail"),
    path("nietigheid/<uuid:uuid>/inroepen/", views.nullity_invoke_view, name="nullity_invoke"),
]
