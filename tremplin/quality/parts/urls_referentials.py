"""The quality routes of the part « referentials »: pages (namespace « quality ») and API (namespace « api »)."""

from django.urls import path

from tremplin.quality import views_assessments as assessments
from tremplin.quality import views_referentials as referentials

urlpatterns: list = [
    path("qualite/referentiels/", referentials.referential_list, name="referential_list"),
    path(
        "qualite/referentiels/charger/",
        referentials.referential_upload,
        name="referential_upload",
    ),
    path(
        "qualite/referentiels/<int:pk>/",
        referentials.referential_detail,
        name="referential_detail",
    ),
    path("qualite/", assessments.structure_home, name="structure_home"),
    path("qualite/structures/<int:pk>/", assessments.structure_quality, name="structure_quality"),
    path(
        "qualite/service-formation/",
        assessments.training_service_quality,
        name="training_service_quality",
    ),
    path(
        "qualite/service-formation/autoevaluations/nouvelle/",
        assessments.training_service_assessment_create,
        name="training_service_assessment_create",
    ),
    path(
        "qualite/autoevaluations/nouvelle/",
        assessments.assessment_create,
        name="assessment_create",
    ),
    path(
        "qualite/autoevaluations/<int:pk>/",
        assessments.assessment_detail,
        name="assessment_detail",
    ),
    path(
        "qualite/autoevaluations/<int:pk>/exigences/<int:requirement_pk>/",
        assessments.assessment_requirement,
        name="assessment_requirement",
    ),
    path(
        "qualite/autoevaluations/<int:pk>/exigences/<int:requirement_pk>/preuves/",
        assessments.evidence_upload,
        name="evidence_upload",
    ),
    path("qualite/autoevaluations/<int:pk>/actions/", assessments.action_add, name="action_add"),
    path(
        "qualite/autoevaluations/<int:pk>/terminer/",
        assessments.assessment_complete,
        name="assessment_complete",
    ),
    path("qualite/preuves/<int:pk>/", assessments.evidence_download, name="evidence_download"),
    path(
        "qualite/preuves/<int:pk>/supprimer/",
        assessments.evidence_delete,
        name="evidence_delete",
    ),
    path("qualite/plan-actions/<int:pk>/", assessments.action_edit, name="action_edit"),
]
api_urlpatterns: list = []
