"""The training routes of the part « catalogue »: pages (namespace « training ») and API (namespace « api »)."""

from django.urls import path

from .. import views_catalogue as catalogue
from .. import views_registrations as registrations

urlpatterns: list = [
    path("formations/", catalogue.catalogue, name="catalogue"),
    path("formations/<int:pk>/", catalogue.course_detail, name="course_detail"),
    path("formations/nouvelle/", catalogue.course_form, name="course_create"),
    path("formations/<int:pk>/modifier/", catalogue.course_form, name="course_edit"),
    path("formations/sessions/", catalogue.session_list, name="session_list"),
    path("formations/sessions/nouvelle/", catalogue.session_form, name="session_create"),
    path("formations/sessions/<int:pk>/", catalogue.session_detail, name="session_detail"),
    path("formations/sessions/<int:pk>/modifier/", catalogue.session_form, name="session_edit"),
    path("formations/sessions/<int:pk>/annuler/", catalogue.session_cancel, name="session_cancel"),
    path("formations/sessions/<int:pk>/statut/", catalogue.session_status, name="session_status"),
    path(
        "formations/sessions/<int:pk>/inscrire/",
        registrations.registration_create,
        name="registration_create",
    ),
    path("formations/inscriptions/", registrations.registration_list, name="registration_list"),
    path(
        "formations/inscriptions/<int:pk>/annuler/",
        registrations.registration_cancel,
        name="registration_cancel",
    ),
    path(
        "formations/inscriptions/<int:pk>/remplacer/",
        registrations.registration_replace,
        name="registration_replace",
    ),
]
api_urlpatterns: list = []
