from django.urls import path

from hechting.together import views

app_name = "together"
urlpatterns = [
    path("ouders/", views.parents, name="parents"),
    path("<int:pk>/herstel/", views.repairs, name="repairs"),
    path("<int:pk>/herstel/nieuw/", views.repair_edit, name="repair_new"),
    path("<int:pk>/herstel/<int:rid>/", views.repair_edit, name="repair_edit"),
    path("<int:pk>/check-in/", views.checkins, name="checkins"),
    path("<int:pk>/samen-rapport/", views.couple_report, name="couple_report"),
    path("<int:pk>/samen-rapport.pdf", views.couple_report_pdf, name="couple_report_pdf"),
]
