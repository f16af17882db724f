from django.urls import path

from hechting.content import views

app_name = "content"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.page, name="page"),
]
