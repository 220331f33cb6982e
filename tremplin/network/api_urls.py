from django.urls import path

from . import api, api_writes

urlpatterns = [
    path("me/", api.MeView.as_view(), name="me"),
    path("communes/", api.CommuneSearchView.as_view(), name="commune-search"),
    path("annuaire/", api.DirectorySearchView.as_view(), name="directory-search"),
    path("structures/", api_writes.StructureListCreate.as_view(), name="structure-list"),
    path("structures/<api_id:pk>/", api_writes.StructureDetail.as_view(), name="structure-detail"),
    path(
        "structures/<api_id:pk>/adhesion/",
        api_writes.StructureMembership.as_view(),
        name="structure-membership",
    ),
    path(
        "structures/<api_id:pk>/cotisations/",
        api_writes.StructureDues.as_view(),
        name="structure-dues",
    ),
    path("groupes/", api_writes.GroupListCreate.as_view(), name="group-list"),
    path("groupes/<api_id:pk>/", api_writes.GroupDetail.as_view(), name="group-detail"),
    path("delegations/", api.DelegationListView.as_view(), name="delegation-list"),
]
