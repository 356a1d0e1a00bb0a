from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo province (`manage.py seed_demo`); it sits on top of every app it fills."""

    name = "demo"
    verbose_name = "Dữ liệu mẫu"
