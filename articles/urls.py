from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<slug:slug>/", views.article_detail, name="article_detail"),
    path("regions/<slug:slug>/", views.region_detail, name="region_detail"),
    path("auteurs/<slug:slug>/", views.author_detail, name="author_detail"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag_detail"),
    path("pages/<slug:slug>/", views.page_detail, name="page_detail"),
]
