from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from incluzio_mz import views

urlpatterns = [
    path("", views.home_view, name="home"),
    path("healthz", views.healthz_view, name="healthz"),
    path("taal/", set_language, name="set_language"),
    path("", include("accounts.urls")),
    path("admin/", admin.site.urls),
]

# Error pages in Dutch, in the site's style (templates/404.html, 403.html, 500.html, 400.html).
