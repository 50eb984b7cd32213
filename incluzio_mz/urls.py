from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from incluzio_mz import views

urlpatterns = [
    path("", views.home_view, name="home"),
    path("healthz", views.healthz_view, name="healthz"),
    # Switching the language changes only the visitor's own language cookie, so it needs no CSRF token: the public
    # pages are cached and render without one (docs/PANELS.md, "Caching").
    path("taal/", csrf_exempt(set_language), name="set_language"),
    # The organisation's identity (incluzio_mz/models.py: OrganisationProfile): administrators edit it; the logo
    # and the colours are public, because every page (the login page too) shows them.
    path("beheer/huisstijl/", views.organisation_profile_update_view, name="organisation_profile_update"),
    path("huisstijl/logo/", views.organisation_logo_view, name="organisation_logo"),
    path("huisstijl/thema.css", views.organisation_theme_view, name="organisation_theme"),
    path("", include("accounts.urls")),
    path("", include("councils.urls")),
    path("", include("councils.meetings.urls")),
    path("", include("members.urls")),
    path("", include("advice.urls")),
    path("", include("panels.urls")),
    # The personal iCal feed (/agenda.ics?token=..., no login), its settings page and the agenda PDF.
    path("", include("councils.meetings.calendar_urls")),
    # Public pages without a login (namespace "public"): vacancies now, each body's public page later.
    path("openbaar/", include("members.public_urls")),
    path("admin/", admin.site.urls),
]

# Error pages in Dutch, in the site's style (templates/404.html, 403.html, 500.html, 400.html).

handler400 = "incluzio_mz.views.bad_request_view"
