from django.urls import path

from . import views

app_name = "network"
urlpatterns = [
    path("annuaire/", views.directory, name="directory"),
    path("annuaire/<int:pk>/", views.directory_detail, name="directory_detail"),
    path("territoires/communes/", views.commune_suggestions, name="commune_suggestions"),
    path("structures/", views.structure_list, name="structure_list"),
    path("structures/nouvelle/", views.structure_create, name="structure_create"),
    path("structures/<int:pk>/", views.structure_detail, name="structure_detail"),
    path("structures/<int:pk>/modifier/", views.structure_edit, name="structure_edit"),
    path("structures/<int:pk>/adhesion/", views.structure_membership, name="structure_membership"),
    path("reseau/chiffres/", views.network_counts, name="network_counts"),
    path("groupes/", views.group_list, name="group_list"),
    path("groupes/nouveau/", views.group_edit, name="group_create"),
    path("groupes/<int:pk>/modifier/", views.group_edit, name="group_edit"),
    path("delegations/", views.delegation_list, name="delegation_list"),
    path("delegations/<int:pk>/", views.delegation_detail, name="delegation_detail"),
]
