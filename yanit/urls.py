from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path

from yanit.api.router import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/v1/", api.urls),
    path("help/", include("yanit.helpcenter.urls")),
    path("bot/", include("yanit.bot.urls")),
    path("", include("yanit.connectors.form.urls")),
    path("", include("yanit.connectors.webchat.urls")),
    path("", include("yanit.backoffice.urls")),
    path("", include("yanit.web.urls")),
]

# JSON errors under /api/, the usual pages elsewhere.
handler404 = "yanit.api.errors.handler404"
handler500 = "yanit.api.errors.handler500"

# `yanit serve` in demo mode: a small store page with the live chat widget on it.
if settings.YANIT_DEMO:
    from yanit.connectors.webchat.demo_shop import demo_shop

    urlpatterns.append(path("demo-shop/", demo_shop, name="demo-shop"))
