from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", views.LogoutView.as_view(), name="logout"),
    path("structure/changer/", views.switch_structure, name="switch_structure"),
    path(
        "equipe/<int:pk>/paie-nir/",
        views.membership_payroll_nir,
        name="membership_payroll_nir",
    ),
]
