from django.urls import include, path

from hechting.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("test/", include("hechting.assessments.urls")),
    path("api/", include("hechting.api.urls")),
    path("fhir/", include("hechting.fhir.urls")),
    path("info/", include("hechting.content.urls")),
    path("account/", include("hechting.accounts.urls")),
    path("groei/", include("hechting.program.urls")),
    path("samen/", include("hechting.links.urls")),
    path("samen/", include("hechting.together.urls")),
]

handler404 = "hechting.web.views.not_found"
handler500 = "hechting.web.views.server_error"
