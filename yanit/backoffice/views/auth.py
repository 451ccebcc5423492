"""Sign-in, sign-out, password reset and the language switch."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yanit.accounts.models import User
from yanit.accounts.services.workspaces import do_update_profile
from yanit.accounts.throttle import (
    LOGIN_LIMIT,
    RESET_LIMIT,
    clear_failures,
    client_ip,
    is_blocked,
    record_failure,
)
from yanit.backoffice.forms import LanguageForm, LoginForm
from yanit.backoffice.mail import QueuedPasswordResetForm
from yanit.backoffice.views.common import safe_next

LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 3600


def too_many_attempts_message() -> str:
    return _(
        "Too many failed attempts. For your security, wait 15 minutes and try again, or reset your password."
    )


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "backoffice/auth/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        email = str(request.POST.get("username", "")).strip().lower()
        if email and is_blocked(LOGIN_LIMIT, email, client_ip(request.META)):
            # The password is not even checked while blocked, so guessing gains nothing.
            return self.blocked(self.form_class(request, initial={"username": email}))
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        email = str(self.request.POST.get("username", "")).strip().lower()
        if email and form.has_error("__all__", "invalid_login"):
            ip = client_ip(self.request.META)
            record_failure(LOGIN_LIMIT, email, ip)
            if is_blocked(LOGIN_LIMIT, email, ip):
                return self.blocked(self.form_class(self.request, initial={"username": email}))
        return super().form_invalid(form)

    def blocked(self, form: Form) -> HttpResponse:
        context = self.get_context_data(form=form, throttle_error=too_many_attempts_message())
        return self.render_to_response(context, status=429)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        clear_failures(LOGIN_LIMIT, user.email, client_ip(self.request.META))
        if not form.cleaned_data.get("remember"):
            self.request.session.set_expiry(0)  # ends when the browser closes
        set_language_cookie(response, user.language)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    template_name = "backoffice/auth/password_reset.html"
    success_url = reverse_lazy("backoffice:password_reset_done")

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        # Counts every request, not only failures: it stops one address being flooded with mail.
        email, ip = form.cleaned_data["email"], client_ip(self.request.META)
        if is_blocked(RESET_LIMIT, email, ip):
            context = self.get_context_data(form=form, throttle_error=too_many_attempts_message())
            return self.render_to_response(context, status=429)
        record_failure(RESET_LIMIT, email, ip)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "backoffice/auth/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "backoffice/auth/password_reset_confirm.html"
    success_url = reverse_lazy("backoffice:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "backoffice/auth/password_reset_complete.html"


def set_language_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=LANGUAGE_COOKIE_MAX_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    form = LanguageForm(request.POST)
    fallback = reverse("web:inbox") if request.user.is_authenticated else reverse("backoffice:login")
    response = HttpResponseRedirect(safe_next(request, fallback))
    if form.is_valid():
        language = form.cleaned_data["language"]
        if isinstance(request.user, User):
            do_update_profile(request.user, language=language)
        set_language_cookie(response, language)
    return response
