from django.contrib.auth.views import LoginView

login_view = LoginView.as_view(template_name="backoffice/login.html")
