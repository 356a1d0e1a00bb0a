from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "initiatives"
    verbose_name = "Mô hình qua các năm"

    def ready(self):
        # Registers the reviews' “who sent when” for the deadline tracker.
        from . import selectors, signals  # noqa: F401

        signals.connect()
