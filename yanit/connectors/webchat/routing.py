from django.urls import path

from .consumers import WidgetConsumer

websocket_urlpatterns = [path("ws/widget/<str:widget_key>/", WidgetConsumer.as_asgi())]
