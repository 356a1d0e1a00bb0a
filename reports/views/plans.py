"""The agency's plan pages."""

urlpatterns = []
