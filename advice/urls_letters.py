"""URL patterns for decision letters (W-LET-1, W-LET-2), added to the "advice" namespace by advice/urls.py."""

from django.urls import URLPattern, path

from advice import letter_views

urlpatterns: list[URLPattern] = [
    path("verzoeken/<uuid:uuid>/brief.pdf", letter_views.letter_pdf_view, name="letter_pdf"),
    path(
        "verzoeken/<uuid:uuid>/brief-<int:number>.pdf", letter_views.letter_version_pdf_view, name="letter_version_pdf"
    ),
    path("verzoeken/<uuid:uuid>/brief/status/", letter_views.letter_status_view, name="letter_status"),
    path("verzoeken/<uuid:uuid>/brief-<int:number>/opnieuw/", letter_views.letter_retry_view, name="letter_retry"),
    path("verzoeken/<uuid:uuid>/brief/corrigeren/", letter_views.letter_correct_view, name="letter_correct"),
]
