from django.urls import path

from . import tip_views, views

app_name = "factcheck"

urlpatterns = [
    path("verifications/", views.index, name="index"),
    path("signaler/", tip_views.submit, name="tip"),
    path("signaler/merci/", tip_views.thanks, name="tip_thanks"),
]
