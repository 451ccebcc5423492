from django.urls import path

from yanit.connectors.form import views

app_name = "contact_form"

urlpatterns = [
    path("f/<str:token>", views.hosted_form, name="form"),
    path("f/<str:token>/embed.js", views.embed_js, name="embed_js"),
    path("f/<str:token>/sent/<str:submission_id>", views.sent, name="sent"),
]
