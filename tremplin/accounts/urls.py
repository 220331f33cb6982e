from django.urls import path

from . import account_views, team_views, views

app_name = "accounts"
urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("connexion/code/", views.two_factor_verify, name="two_factor_verify"),
    path("deconnexion/", views.LogoutView.as_view(), name="logout"),
    path("structure/changer/", views.switch_structure, name="switch_structure"),
    path(
        "equipe/<int:pk>/paie-nir/",
        views.membership_payroll_nir,
        name="membership_payroll_nir",
    ),
    path("equipe/", team_views.team, name="team"),
    path("equipe/inviter/", team_views.team_invite, name="team_invite"),
    path("equipe/<int:pk>/role/", team_views.membership_role, name="membership_role"),
    path(
        "equipe/<int:pk>/renvoyer-invitation/",
        team_views.membership_invitation_resend,
        name="membership_invitation_resend",
    ),
    path(
        "equipe/<int:pk>/desactiver/",
        team_views.membership_deactivate,
        name="membership_deactivate",
    ),
    path(
        "equipe/<int:pk>/reactiver/",
        team_views.membership_reactivate,
        name="membership_reactivate",
    ),
    path(
        "invitation/<uidb64>/<token>/",
        team_views.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
    path("compte/", account_views.account, name="account"),
    path(
        "compte/double-authentification/",
        account_views.two_factor_setup,
        name="two_factor_setup",
    ),
    path(
        "compte/codes-de-secours/",
        account_views.two_factor_recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path("compte/jetons-api/", account_views.api_token_list, name="api_tokens"),
    path(
        "compte/jetons-api/<int:pk>/revoquer/",
        account_views.api_token_revoke,
        name="api_token_revoke",
    ),
    path(
        "mot-de-passe/oublie/",
        account_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "mot-de-passe/oublie/envoye/",
        account_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        account_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/change/",
        account_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
