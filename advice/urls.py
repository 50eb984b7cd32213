"""URLs of requests for advice and consent (namespace "advice"): /verzoeken/... The letter and dispute URLs live in
their own modules (advice/urls_letters.py, advice/urls_disputes.py) and are added to this namespace."""

from django.urls import URLPattern, path

from advice import urls_disputes, urls_letters, views

app_name = "advice"

urlpatterns: list[URLPattern] = [
    # Requests, by uuid (DESIGN.md convention 5).
    path("verzoeken/", views.request_list_view, name="request_list"),
    path("verzoeken/nieuw/", views.request_create_view, name="request_create"),
    path(
        "verzoeken/ongevraagd-advies/nieuw/",
        views.unsolicited_advice_create_view,
        name="unsolicited_advice_create",
    ),
    path("verzoeken/<uuid:uuid>/", views.request_detail_view, name="request_detail"),
    # The board's side.
    path("verzoeken/<uuid:uuid>/bewerken/", views.request_update_view, name="request_update"),
    path("verzoeken/<uuid:uuid>/indienen/", views.request_submit_view, name="request_submit"),
    path("verzoeken/<uuid:uuid>/intrekken/", views.request_withdraw_view, name="request_withdraw"),
    path(
        "verzoeken/<uuid:uuid>/informatie-vragen/<int:pk>/antwoord/",
        views.information_answer_view,
        name="information_answer",
    ),
    path("verzoeken/<uuid:uuid>/besluit/", views.request_decide_view, name="request_decide"),
    path("verzoeken/<uuid:uuid>/geen-antwoord/", views.request_no_answer_view, name="request_no_answer"),
    # The council's side.
    path("verzoeken/<uuid:uuid>/informatie-vragen/", views.information_ask_view, name="information_ask"),
    path("verzoeken/<uuid:uuid>/standpunt-kamer/", views.chamber_position_record_view, name="chamber_position_record"),
    path("verzoeken/<uuid:uuid>/overleg/", views.consultation_link_view, name="consultation_link"),
    path("verzoeken/<uuid:uuid>/antwoord/", views.request_respond_view, name="request_respond"),
    path("verzoeken/<uuid:uuid>/publiceren/", views.request_publish_view, name="request_publish"),
    # Documents, either side; downloaded through the meetings app's document gate.
    path("verzoeken/<uuid:uuid>/documenten/nieuw/", views.request_document_add_view, name="request_document_add"),
    *urls_letters.urlpatterns,
    *urls_disputes.urlpatterns,
]
