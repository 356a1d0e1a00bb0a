from django.apps import AppConfig


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = "Đăng ký mô hình"

    def ready(self):
        # Registers this stage's “who sent when” reader for the deadline tracker.
        from . import selectors  # noqa: F401
