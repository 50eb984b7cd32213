from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdviceConfig(AppConfig):
    name = "advice"
    verbose_name = _("Advice and consent")

    def ready(self) -> None:
        # The guard that refuses changes to a ready decision letter (W-LET-2) is a pre_save receiver in the letters
        # service module: import it here so it applies to every save, also in a shell or a worker.
        from advice.services import letters  # noqa: F401
