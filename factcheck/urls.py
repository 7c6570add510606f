from django.urls import path

from . import views

app_name = "factcheck"

urlpatterns = [
    path("verifications/", views.index, name="index"),
]
