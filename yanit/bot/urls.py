from django.urls import path

from yanit.bot import views

app_name = "bot"

urlpatterns = [
    path("feedback/<str:token>/", views.feedback, name="feedback"),
]
