from django.http import HttpRequest, HttpResponse


def inbox(request: HttpRequest) -> HttpResponse:
    return HttpResponse("yanit")


def login_placeholder(request: HttpRequest) -> HttpResponse:
    return HttpResponse("login")
