from django.contrib.auth import views as auth_views
from django.urls import path

from hechting.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.account, name="account"),
    path("resultaten/", views.results, name="results"),
    path("registreren/", views.signup, name="signup"),
    path("registreren/verstuurd/", views.signup_sent, name="signup_sent"),
    path("bevestigen/<str:token>/", views.signup_confirm, name="signup_confirm"),
    path("wachtwoord-vergeten/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "wachtwoord-vergeten/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "wachtwoord/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord/klaar/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("inloggen/", views.login_view, name="login"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("exporteren/", views.export, name="export"),
    path("verwijderen/", views.delete, name="delete"),
]
