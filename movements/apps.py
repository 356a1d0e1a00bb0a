from django.apps import AppConfig


class MovementsConfig(AppConfig):
    name = "movements"
    verbose_name = "Phong trào, kế hoạch"

    def ready(self):
        # Writes move the movements' data versions (the tracker's and quota page's kept readings).
        from . import signals  # noqa: F401
