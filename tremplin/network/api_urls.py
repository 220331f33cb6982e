from django.urls import path

from . import api

urlpatterns = [
    path("me/", api.MeView.as_view(), name="me"),
    path("communes/", api.CommuneSearchView.as_view(), name="commune-search"),
    path("annuaire/", api.DirectorySearchView.as_view(), name="directory-search"),
    path("structures/", api.StructureListView.as_view(), name="structure-list"),
    path("structures/<api_id:pk>/", api.StructureDetailView.as_view(), name="structure-detail"),
    path("groupes/", api.GroupListView.as_view(), name="group-list"),
    path("delegations/", api.DelegationListView.as_view(), name="delegation-list"),
]
