from django.urls import path

from hechting.api.views import api

urlpatterns = [path("v1/", api.urls)]
