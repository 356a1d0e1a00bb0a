from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = "Khen thưởng"

    def ready(self):
        # Registers this stage's “who sent when” reader for the deadline tracker.
        from . import selectors  # noqa: F401
