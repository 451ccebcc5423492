from django.urls import path

from . import views

urlpatterns = [
    path("widget.js", views.widget_script, name="webchat-widget-js"),
    path("widget/v1/<str:widget_key>/config", views.config, name="webchat-config"),
    path("widget/v1/<str:widget_key>/session", views.session, name="webchat-session"),
    path("widget/v1/<str:widget_key>/messages", views.messages, name="webchat-messages"),
    path("widget/v1/<str:widget_key>/upload", views.upload, name="webchat-upload"),
    path("widget/v1/<str:widget_key>/contact", views.contact, name="webchat-contact"),
    path("widget/v1/<str:widget_key>/transcript", views.send_transcript, name="webchat-transcript"),
    path("widget/v1/<str:widget_key>/rating", views.rating, name="webchat-rating"),
    path("widget/v1/<str:widget_key>/files/<int:attachment_id>", views.attachment_file, name="webchat-file"),
]
