from django.urls import path

from hechting.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.account, name="account"),
    path("registreren/", views.signup, name="signup"),
    path("inloggen/", views.login_view, name="login"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("exporteren/", views.export, name="export"),
    path("verwijderen/", views.delete, name="delete"),
]
