from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class IncluzioConfig(AppConfig):
    default = True
    name = "incluzio_mz"
    verbose_name = "Participation portal"  # the organisation's name is configuration (OrganisationProfile)


class IncluzioAdminConfig(admin_apps.AdminConfig):
    """Django's admin, on a site that admits only administrators with a verified second factor."""

    default = False
    default_site = "incluzio_mz.admin_site.IncluzioAdminSite"
