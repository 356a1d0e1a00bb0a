from django.apps import AppConfig


class ShowcaseConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "showcase"
    verbose_name = "Trang công khai"

    def ready(self):
        from . import caching

        caching.connect()
