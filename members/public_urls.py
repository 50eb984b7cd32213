"""Public pages, no login, under /openbaar/ (incluzio_mz/urls.py), in one "public" namespace: a body's vacancies
(members/public_views.py, W-MEM-7) and the body's own public page with the form "Laat van je horen" and the adopted
regulation documents (panels/public_views.py, issue 8, W-REG-2)."""

from django.urls import path

from members import public_views
from panels import public_views as body_views

app_name = "public"

urlpatterns = [
    # The body's public page (issue 8). Fixed words ("vacatures", "laat-van-je-horen", "regeling") after the slug
    # keep every path below unambiguous.
    path("", body_views.body_list_view, name="body_list"),
    path("<slug:slug>/", body_views.body_detail_view, name="body_detail"),
    path("<slug:slug>/laat-van-je-horen/", body_views.signal_create_view, name="signal_create"),
    path("<slug:slug>/laat-van-je-horen/ontvangen/", body_views.signal_receipt_view, name="signal_receipt"),
    path(
        "<slug:slug>/regeling/<str:kind>/v<int:version>/",
        body_views.regulation_document_download_view,
        name="regulation_document_download",
    ),
    path(
        "<slug:slug>/huishoudelijk-reglement/v<int:version>/",
        body_views.house_rules_download_view,
        name="house_rules_download",
    ),
    # "bedankt" is a fixed word; vacancies are addressed by their UUID (DESIGN.md convention 5).
    path("<slug:slug>/vacatures/", public_views.vacancy_list_view, name="vacancy_list"),
    path("<slug:slug>/vacatures/bedankt/", public_views.vacancy_thanks_view, name="vacancy_thanks"),
    path(
        "<slug:slug>/vacatures/<uuid:uuid>/reageren/",
        public_views.vacancy_respond_view,
        name="vacancy_respond",
    ),
]
