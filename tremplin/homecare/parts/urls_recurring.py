"""URL routes of the homecare part « recurring » (pages in urlpatterns, API in api_urlpatterns)."""

from django.urls import path

from .. import api_recurring as api
from .. import views_recurring as views

urlpatterns: list = [
    path("interventions-a-domicile/", views.recurring_list, name="recurring_list"),
    path("interventions-a-domicile/nouvelle/", views.recurring_create, name="recurring_create"),
    path("interventions-a-domicile/<int:pk>/", views.recurring_detail, name="recurring_detail"),
    path(
        "interventions-a-domicile/<int:pk>/heures/", views.recurring_hours, name="recurring_hours"
    ),
    path(
        "interventions-a-domicile/dates/<int:pk>/",
        views.occurrence_detail,
        name="occurrence_detail",
    ),
    path("interventions-a-domicile/absences/", views.absence_list, name="absence_list"),
    path("mon-foyer/interventions/a-venir/", views.my_interventions, name="my_coming"),
    path(
        "mon-foyer/interventions/<int:pk>/annuler/",
        views.my_occurrence_cancel,
        name="my_occurrence_cancel",
    ),
    path(
        "mon-foyer/interventions/<int:pk>/autre-horaire/",
        views.my_occurrence_change_ask,
        name="my_occurrence_change_ask",
    ),
]
api_urlpatterns: list = [
    path("homecare/recurring/", api.PatternListCreate.as_view(), name="homecare-recurring-list"),
    path(
        "homecare/recurring/<api_id:pk>/",
        api.PatternDetail.as_view(),
        name="homecare-recurring-detail",
    ),
    path(
        "homecare/recurring/<api_id:pk>/extend/",
        api.PatternExtend.as_view(),
        name="homecare-recurring-extend",
    ),
    path(
        "homecare/recurring/<api_id:pk>/stop/",
        api.PatternStop.as_view(),
        name="homecare-recurring-stop",
    ),
    path(
        "homecare/occurrences/<api_id:pk>/move/",
        api.OccurrenceMove.as_view(),
        name="homecare-occurrence-move",
    ),
    path(
        "homecare/occurrences/<api_id:pk>/replace/",
        api.OccurrenceReplace.as_view(),
        name="homecare-occurrence-replace",
    ),
    path(
        "homecare/occurrences/<api_id:pk>/proposals/",
        api.OccurrenceProposals.as_view(),
        name="homecare-occurrence-proposals",
    ),
    path("homecare/absences/", api.AbsenceCreate.as_view(), name="homecare-absence-create"),
    path(
        "homecare/occurrences/<api_id:pk>/cancel/",
        api.OccurrenceCancel.as_view(),
        name="homecare-occurrence-cancel",
    ),
]
