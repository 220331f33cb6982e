"""The training routes of the part « attendance »: pages (namespace « training ») and API (namespace « api »)."""

from django.urls import path

from .. import views_attendance as views

urlpatterns: list = [
    path("mes-formations/", views.my_trainings, name="my_trainings"),
    path(
        "mes-formations/<int:pk>/demi-journees/<int:half_day_pk>/signer/",
        views.my_half_day_sign,
        name="my_half_day_sign",
    ),
    path("mes-formations/<int:pk>/satisfaction/", views.my_satisfaction, name="my_satisfaction"),
    path(
        "mes-formations/<int:pk>/auto-evaluation/<str:moment>/",
        views.my_self_assessment,
        name="my_self_assessment",
    ),
    path(
        "emargement/inscriptions/<int:pk>/certificat-de-realisation.pdf",
        views.my_certificate,
        name="certificate_pdf",
    ),
    path("emargement/<int:pk>/", views.session_attendance, name="session_attendance"),
    path(
        "emargement/<int:pk>/questionnaires/",
        views.session_questionnaires,
        name="session_questionnaires",
    ),
    path("emargement/demi-journee/<int:pk>/", views.attendance_sheet, name="attendance_sheet"),
    path(
        "emargement/demi-journee/<int:pk>/signer/",
        views.attendance_sheet_sign,
        name="attendance_sheet_sign",
    ),
    path(
        "emargement/demi-journee/<int:pk>/stagiaire/<int:registration_pk>/",
        views.attendance_room_sign,
        name="attendance_room_sign",
    ),
    path(
        "emargement/demi-journee/<int:pk>/stagiaire/<int:registration_pk>/absence/",
        views.attendance_absence,
        name="attendance_absence",
    ),
    path(
        "emargement/demi-journee/<int:pk>/stagiaire/<int:registration_pk>/correction/",
        views.attendance_correct,
        name="attendance_correct",
    ),
    path("emargement/structure/", views.structure_attendance, name="structure_attendance"),
]
api_urlpatterns: list = []
