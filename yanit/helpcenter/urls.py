from django.urls import path, re_path

from yanit.helpcenter import views

app_name = "helpcenter"

LANG = r"(?P<lang>tr|en)"
WS = r"(?P<workspace>[-a-zA-Z0-9_]+)"
SLUG = r"(?P<slug>[-a-zA-Z0-9_]+)"

urlpatterns = [
    path("<slug:workspace>/", views.home, name="home"),
    path("<slug:workspace>/sitemap.xml", views.sitemap, name="sitemap"),
    path("<slug:workspace>/search", views.search, name="search"),
    path("<slug:workspace>/search.json", views.search_json, name="search_json"),
    path("<slug:workspace>/logo/<int:asset_id>", views.logo, name="logo"),
    re_path(rf"^{WS}/{LANG}/$", views.home, name="home_lang"),
    re_path(rf"^{WS}/{LANG}/c/{SLUG}/$", views.category, name="category"),
    re_path(rf"^{WS}/{LANG}/{SLUG}/$", views.article, name="article"),
    re_path(rf"^{WS}/{LANG}/{SLUG}/vote$", views.vote, name="vote"),
]
