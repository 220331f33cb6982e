from django.urls import path

from . import api

urlpatterns = [
    path("structures/<api_id:pk>/equipe/", api.TeamListInvite.as_view(), name="team-list"),
    path(
        "structures/<api_id:pk>/equipe/historique/",
        api.TeamChanges.as_view(),
        name="team-changes",
    ),
    path("equipe/<api_id:pk>/role/", api.MemberRole.as_view(), name="team-member-role"),
    path(
        "equipe/<api_id:pk>/desactivation/",
        api.MemberDeactivate.as_view(),
        name="team-member-deactivate",
    ),
    path(
        "equipe/<api_id:pk>/reactivation/",
        api.MemberReactivate.as_view(),
        name="team-member-reactivate",
    ),
    path(
        "equipe/<api_id:pk>/paie-nir/",
        api.MemberPayrollNir.as_view(),
        name="team-member-payroll-nir",
    ),
    path(
        "equipe/<api_id:pk>/invitation/",
        api.MemberInvitationResend.as_view(),
        name="team-member-invitation",
    ),
]
