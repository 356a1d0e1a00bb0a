from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Cơ quan, đơn vị và người dùng"

    def ready(self):
        from . import backends, coordinator, third_party_texts

        third_party_texts.apply()
        coordinator.connect()
        backends.connect()
