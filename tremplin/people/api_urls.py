from django.urls import path

from . import api, api_later_work, api_writes

urlpatterns = [
    path("personnes/", api.PersonListCreate.as_view(), name="person-list"),
    path("personnes/<api_id:pk>/", api_writes.PersonDetail.as_view(), name="person-detail"),
    path(
        "personnes/<api_id:pk>/travail-annule-par-sortie/",
        api_later_work.ExitLaterWork.as_view(),
        name="person-exit-later-work",
    ),
    path("diagnostics/", api.DiagnosisListCreate.as_view(), name="diagnosis-list"),
    path("pass/", api.ApprovalListCreate.as_view(), name="approval-list"),
    path("pass/<api_id:pk>/", api_writes.ApprovalDetail.as_view(), name="approval-detail"),
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
    path("contrats/<api_id:pk>/", api_writes.ContractDetail.as_view(), name="contract-detail"),
    path(
        "contrats/<api_id:pk>/renouvellement/",
        api_writes.ContractRenewal.as_view(),
        name="contract-renewal",
    ),
    path(
        "contrats/<api_id:pk>/travail-annule-par-fin/",
        api_later_work.ContractLaterWork.as_view(),
        name="contract-later-work",
    ),
    path(
        "contrats/<api_id:pk>/fin-anticipee/",
        api_writes.ContractEarlyEnd.as_view(),
        name="contract-early-end",
    ),
    path("entretiens/", api.InterviewListCreate.as_view(), name="interview-list"),
    path("freins/", api.BarrierListCreate.as_view(), name="barrier-list"),
    path(
        "freins/<api_id:pk>/statut/",
        api_writes.BarrierStatusChange.as_view(),
        name="barrier-status",
    ),
    path("actions/", api.ActionListCreate.as_view(), name="action-list"),
    path("engagements/", api.CommitmentListCreate.as_view(), name="commitment-list"),
    path(
        "engagements/<api_id:pk>/bilan/",
        api_writes.CommitmentReviewAdd.as_view(),
        name="commitment-review",
    ),
    path("sorties/", api.ExitListCreate.as_view(), name="exit-list"),
    path("sorties/<api_id:pk>/motif/", api_writes.ExitReasonSet.as_view(), name="exit-reason"),
]
