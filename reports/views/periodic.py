"""The agency's report pages."""

urlpatterns = []
