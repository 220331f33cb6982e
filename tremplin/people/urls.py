from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("personnes/", views.person_list, name="person_list"),
    path("personnes/nouvelle/", views.person_create, name="person_create"),
    path("personnes/export/", views.person_export, name="person_export"),
    path("personnes/import/", views.person_import, name="person_import"),
    path("personnes/import/<int:pk>/", views.import_job, name="import_job"),
    path("personnes/<int:pk>/", views.person_detail, name="person_detail"),
    path("personnes/<int:pk>/modifier/", views.person_edit, name="person_edit"),
    path("personnes/<int:pk>/historique/", views.person_history, name="person_history"),
    path(
        "personnes/<int:pk>/consultations/",
        views.person_consultations,
        name="person_consultations",
    ),
    path("personnes/<int:pk>/donnees/", views.person_data_export, name="person_data_export"),
    path("journal-des-acces/", views.access_log_page, name="access_log"),
    path("personnes/<int:pk>/diagnostic/", views.diagnosis_create, name="diagnosis_create"),
    path("personnes/<int:pk>/pass/", views.approval_create, name="approval_create"),
    path("personnes/<int:pk>/contrat/", views.contract_create, name="contract_create"),
    path("personnes/<int:pk>/entretien/", views.interview_create, name="interview_create"),
    path("personnes/<int:pk>/frein/", views.barrier_create, name="barrier_create"),
    path("personnes/<int:pk>/action/", views.action_create, name="action_create"),
    path("personnes/<int:pk>/engagement/", views.commitment_create, name="commitment_create"),
    path("personnes/<int:pk>/sortie/", views.exit_create, name="exit_create"),
    path("personnes/<int:pk>/fiche-salarie/", views.employee_record, name="employee_record"),
    path("pass/<int:pk>/suspension/", views.suspension_create, name="suspension_create"),
    path("pass/<int:pk>/prolongation/", views.prolongation_create, name="prolongation_create"),
    path(
        "pass/<int:pk>/demande-prolongation/",
        views.prolongation_request_create,
        name="prolongation_request_create",
    ),
    path(
        "demandes-prolongation/<int:pk>/decision/",
        views.prolongation_request_decide,
        name="prolongation_request_decide",
    ),
    path("contrats/<int:pk>/renouvellement/", views.contract_renew, name="contract_renew"),
    path("contrats/<int:pk>/fin/", views.contract_end, name="contract_end"),
    path("freins/<int:pk>/statut/", views.barrier_status, name="barrier_status"),
    path("engagements/<int:pk>/bilan/", views.commitment_review, name="commitment_review"),
    path("sorties/<int:pk>/motif/", views.exit_reason, name="exit_reason"),
    path("a-faire/", views.work_list, name="work_list"),
    path("regles/", views.rules_table, name="rules_table"),
]
