from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.login_view, name="login"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("inloggen/controle/", views.otp_verify_view, name="otp_verify"),
    path("account/tweede-factor/", views.otp_setup_view, name="otp_setup"),
    path("wachtwoord-vergeten/", views.password_reset_view, name="password_reset"),
    path("wachtwoord-vergeten/verstuurd/", views.password_reset_done_view, name="password_reset_done"),
    path(
        "wachtwoord-herstellen/<uidb64>/<token>/",
        views.password_reset_confirm_view,
        name="password_reset_confirm",
    ),
    path("wachtwoord-herstellen/klaar/", views.password_reset_complete_view, name="password_reset_complete"),
]
