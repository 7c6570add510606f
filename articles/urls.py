from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<slug:slug>/", views.article_detail, name="article_detail"),
    path("articles/<slug:slug>/versions/", views.article_versions, name="article_versions"),
    path(
        "articles/<slug:slug>/versions/<int:number>/",
        views.article_version,
        name="article_version",
    ),
    path("regions/", views.region_index, name="region_index"),
    path("regions/<slug:slug>/", views.region_detail, name="region_detail"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag_detail"),
    path("auteurs/<slug:slug>/", views.author_detail, name="author_detail"),
    path("recherche/", views.search, name="search"),
    path("corrections/", views.corrections_log, name="corrections"),
    path("pages/<slug:slug>/", views.page_detail, name="page_detail"),
]
