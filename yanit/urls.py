from django.urls import include, path

from yanit.api.router import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("yanit.connectors.form.urls")),
    path("", include("yanit.connectors.webchat.urls")),
    path("", include("yanit.backoffice.urls")),
    path("", include("yanit.web.urls")),
]

# JSON errors under /api/, the usual pages elsewhere.
handler404 = "yanit.api.errors.handler404"
handler500 = "yanit.api.errors.handler500"
