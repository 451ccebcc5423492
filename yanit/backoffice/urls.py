from django.urls import path

from yanit.backoffice import views

app_name = "backoffice"

urlpatterns = [
    path("login/", views.login_view, name="login"),
]
