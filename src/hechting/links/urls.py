from django.urls import path

from hechting.links import views

app_name = "links"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("uitnodigen/", views.invite, name="invite"),
    path("code/", views.by_code, name="code"),
    path("uitnodiging/<str:token>/", views.by_token, name="invitation"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/stoppen/", views.stop, name="stop"),
    path("<int:pk>/partner/", views.partner, name="partner"),
]
