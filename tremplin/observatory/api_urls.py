from django.urls import path

from . import api, api_writes

urlpatterns = [
    path("observatoire/reseau/", api.NetworkFigures.as_view(), name="observatory-network"),
    path(
        "observatoire/delegations/<api_id:pk>/",
        api.DelegationFigures.as_view(),
        name="observatory-delegation",
    ),
    path(
        "observatoire/structures/<api_id:pk>/",
        api.StructureFigures.as_view(),
        name="observatory-structure",
    ),
    path("observatoire/publie/", api.PublishedFigures.as_view(), name="observatory-public"),
    path(
        "observatoire/publications/",
        api_writes.PublicationCreate.as_view(),
        name="observatory-publication",
    ),
]
