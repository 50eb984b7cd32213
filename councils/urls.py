from django.urls import path

from councils import views

app_name = "councils"

urlpatterns = [
    # Business units. "nieuw" and "naleving" are reserved slugs (councils/forms.py RESERVED_SLUGS).
    path("organisatie/", views.business_unit_list_view, name="business_unit_list"),
    path("organisatie/nieuw/", views.business_unit_create_view, name="business_unit_create"),
    path("organisatie/naleving/", views.compliance_overview_view, name="compliance_overview"),
    path("organisatie/naleving/wmcz-regels/", views.scope_configuration_view, name="scope_configuration"),
    path("organisatie/<slug:slug>/", views.business_unit_detail_view, name="business_unit_detail"),
    path("organisatie/<slug:slug>/bewerken/", views.business_unit_update_view, name="business_unit_update"),
    path("organisatie/<slug:slug>/samenvoegen/", views.business_unit_merge_view, name="business_unit_merge"),
    path("organisatie/<slug:slug>/verplaatsen/", views.business_unit_move_view, name="business_unit_move"),
    path("organisatie/<slug:slug>/sluiten/", views.business_unit_close_view, name="business_unit_close"),
    path("organisatie/<slug:slug>/geschiedenis/", views.business_unit_history_view, name="business_unit_history"),
    # Bodies: councils, chambers, panels.
    path("raden/", views.body_list_view, name="body_list"),
    path("raden/nieuw/", views.body_create_view, name="body_create"),
    path("raden/<slug:slug>/", views.body_detail_view, name="body_detail"),
    path("raden/<slug:slug>/bewerken/", views.body_update_view, name="body_update"),
    path("raden/<slug:slug>/geschiedenis/", views.body_history_view, name="body_history"),
    path("raden/<slug:slug>/kamer-toevoegen/", views.chamber_create_view, name="chamber_create"),
    path(
        "raden/<slug:slug>/omzetten-naar-panel/",
        views.council_convert_to_panel_view,
        name="council_convert_to_panel",
    ),
    path("raden/<slug:slug>/beeindigen/", views.body_end_view, name="body_end"),
    path("raden/<slug:slug>/opheffen/", views.council_dissolve_view, name="council_dissolve"),
    path("raden/<slug:slug>/leden-overzetten/", views.body_members_transfer_view, name="body_members_transfer"),
    path("raden/<slug:slug>/eenheid-toevoegen/", views.representation_start_view, name="representation_start"),
    path("raden/<slug:slug>/regeling/", views.regulation_update_view, name="regulation_update"),
    path(
        "raden/<slug:slug>/regeling/voorstel/<int:number>/in-werking/",
        views.regulation_version_activate_view,
        name="regulation_version_activate",
    ),
    path(
        "raden/<slug:slug>/regeling/voorstel/<int:number>/intrekken/",
        views.regulation_version_withdraw_view,
        name="regulation_version_withdraw",
    ),
    path("raden/<slug:slug>/huishoudelijk-reglement/", views.house_rules_adopt_view, name="house_rules_adopt"),
    path("raden/<slug:slug>/regeling/document/", views.regulation_document_add_view, name="regulation_document_add"),
    path(
        "raden/<slug:slug>/regeling/<str:kind>/v<int:version>/",
        views.regulation_document_download_view,
        name="regulation_document_download",
    ),
    path(
        "raden/<slug:slug>/regeling/<str:kind>/v<int:version>/instemming/",
        views.regulation_document_set_consent_view,
        name="regulation_document_set_consent",
    ),
]
