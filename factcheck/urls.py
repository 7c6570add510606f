from django.urls import path

from . import tip_views, views

app_name = "factcheck"

urlpatterns = [
    path("verifications/", views.index, name="index"),
    path("preuves/<str:sha256>/", views.evidence, name="evidence"),
    path("preuves/<str:sha256>/warc/", views.evidence_warc, name="evidence_warc"),
    path("signaler/", tip_views.submit, name="tip"),
    path("signaler/merci/", tip_views.thanks, name="tip_thanks"),
]
