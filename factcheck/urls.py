from django.urls import path

from . import views

app_name = "factcheck"

urlpatterns = [
    path("verifications/", views.index, name="index"),
    path("preuves/<str:sha256>/", views.evidence, name="evidence"),
    path("preuves/<str:sha256>/warc/", views.evidence_warc, name="evidence_warc"),
]
