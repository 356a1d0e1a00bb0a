from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = "Chấm điểm tiêu chí"

    def ready(self):
        # Registers this stage's “who sent when” reader for the deadline tracker.
        from . import selectors  # noqa: F401
