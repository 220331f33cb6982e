from django.urls import path

from . import api

urlpatterns = [
    path("personnes/", api.PersonListCreate.as_view(), name="person-list"),
    path("personnes/<api_id:pk>/", api.PersonDetail.as_view(), name="person-detail"),
    path("diagnostics/", api.DiagnosisListCreate.as_view(), name="diagnosis-list"),
    path("pass/", api.ApprovalListCreate.as_view(), name="approval-list"),
    path("suspensions/", api.SuspensionListCreate.as_view(), name="suspension-list"),
    path("prolongations/", api.ProlongationListCreate.as_view(), name="prolongation-list"),
    path(
        "demandes-prolongation/",
        api.ProlongationRequestListCreate.as_view(),
        name="prolongation-request-list",
    ),
    path(
        "demandes-prolongation/<api_id:pk>/decision/",
        api.ProlongationDecision.as_view(),
        name="prolongation-request-decision",
    ),
    path("contrats/", api.ContractListCreate.as_view(), name="contract-list"),
    path("entretiens/", api.InterviewListCreate.as_view(), name="interview-list"),
    path("freins/", api.BarrierListCreate.as_view(), name="barrier-list"),
    path("actions/", api.ActionListCreate.as_view(), name="action-list"),
    path("engagements/", api.CommitmentListCreate.as_view(), name="commitment-list"),
    path("sorties/", api.ExitListCreate.as_view(), name="exit-list"),
]
