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
    # Account management by administrators.
    path("beheer/gebruikers/", views.user_list_view, name="user_list"),
    path("beheer/gebruikers/uitnodigen/", views.user_invite_view, name="user_invite"),
    path("beheer/gebruikers/<int:pk>/", views.user_detail_view, name="user_detail"),
    path("beheer/gebruikers/<int:pk>/rol-toevoegen/", views.user_role_add_view, name="user_role_add"),
    path("beheer/gebruikers/<int:pk>/rol-verwijderen/", views.user_role_remove_view, name="user_role_remove"),
    path("beheer/gebruikers/<int:pk>/deactiveren/", views.user_deactivate_view, name="user_deactivate"),
    path("beheer/gebruikers/<int:pk>/heractiveren/", views.user_reactivate_view, name="user_reactivate"),
    path(
        "beheer/gebruikers/<int:pk>/tweede-factor-herstellen/",
        views.user_second_factor_reset_view,
        name="user_second_factor_reset",
    ),
    path(
        "beheer/gebruikers/<int:pk>/uitnodiging-opnieuw/",
        views.user_invite_resend_view,
        name="user_invite_resend",
    ),
]
