"""Public pages, no login, under /openbaar/ (incluzio_mz/urls.py). The body's own public page (/openbaar/ and
/openbaar/<slug>/, issue 8) belongs here too, in the same "public" namespace."""

from django.urls import path

from members import public_views

app_name = "public"

urlpatterns = [
    # "bedankt" is a fixed word; vacancies are addressed by their UUID (DESIGN.md convention 5).
    path("<slug:slug>/vacatures/", public_views.vacancy_list_view, name="vacancy_list"),
    path("<slug:slug>/vacatures/bedankt/", public_views.vacancy_thanks_view, name="vacancy_thanks"),
    path(
        "<slug:slug>/vacatures/<uuid:uuid>/reageren/",
        public_views.vacancy_respond_view,
        name="vacancy_respond",
    ),
]
