from django.urls import path

from hechting.assessments import views

app_name = "assessments"
urlpatterns = [
    path("start/<str:instrument>/<str:mode>/", views.start, name="start"),
    path("hervat/<str:token>/", views.resume, name="resume"),
    path("<uuid:pk>/", views.current, name="current"),
    path("<uuid:pk>/vraag/<str:item>/", views.question, name="question"),
    path("<uuid:pk>/rapport/", views.report, name="report"),
    path("<uuid:pk>/rapport.pdf", views.report_pdf, name="report_pdf"),
    path("<uuid:pk>/gegevens.json", views.export, name="export"),
    path("<uuid:pk>/verwijderen/", views.delete, name="delete"),
    path("<uuid:pk>/link/mailen/", views.mail_link, name="mail_link"),
    path("<uuid:pk>/link/vernieuwen/", views.revoke_link, name="revoke_link"),
]
