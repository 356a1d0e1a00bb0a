from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Kế hoạch và báo cáo"

    def ready(self):
        # Registers the plan and report readers of “who sent when” for the deadline tracker.
        from . import selectors  # noqa: F401
