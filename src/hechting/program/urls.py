from django.urls import path

from hechting.program import views

app_name = "program"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("stap/<int:number>/", views.step, name="step"),
    path("visualisatie/", views.visualisation, name="visualisation"),
    path("visualisatie/<int:page>/", views.visualisation, name="visualisation_page"),
    path("check-in/", views.checkins, name="checkins"),
    path("voortgang/", views.progress_page, name="progress"),
    path("voortgang/pdf/", views.progress_pdf, name="progress_pdf"),
    path("<slug:kind>/nieuw/", views.entry_new, name="entry_new"),
    path("<slug:kind>/<int:pk>/", views.entry_edit, name="entry_edit"),
    path("<slug:kind>/<int:pk>/verwijderen/", views.entry_delete, name="entry_delete"),
]
