from .views import periodic, plans

app_name = "reports"
urlpatterns = [*plans.urlpatterns, *periodic.urlpatterns]
