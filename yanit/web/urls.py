from django.urls import path

from yanit.web import views

app_name = "web"

urlpatterns = [
    path("", views.inbox, name="inbox"),
]
