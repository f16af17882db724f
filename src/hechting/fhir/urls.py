from django.urls import path

from hechting.fhir import views

app_name = "fhir"
urlpatterns = [
    path("Questionnaire", views.questionnaire_list, name="questionnaire-list"),
    path("Questionnaire/$next-question", views.next_question, name="next-question"),
    path("Questionnaire/<str:id>", views.questionnaire_read, name="questionnaire"),
    path("CodeSystem/hechting-scores", views.scores_code_system, name="code-system"),
]
