from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView

from . import views
from .problems import not_found

app_name = "api"

urlpatterns = [
    path("", views.Index.as_view(), name="index"),
    path("stories/", views.StoryList.as_view(), name="stories"),
    path("stories/<slug:slug>/", views.StoryDetail.as_view(), name="story_detail"),
    path("factchecks/", views.FactcheckList.as_view(), name="factchecks"),
    path("regions/", views.RegionList.as_view(), name="regions"),
    path("authors/", views.AuthorList.as_view(), name="authors"),
    path("tags/", views.TagList.as_view(), name="tags"),
    path("verdicts/", views.VerdictList.as_view(), name="verdicts"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("pages/", views.PageList.as_view(), name="pages"),
    path("pages/<slug:slug>/", views.PageDetail.as_view(), name="page_detail"),
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    re_path(r"^.*$", not_found),
]
