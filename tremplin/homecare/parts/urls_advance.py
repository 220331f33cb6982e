"""URL routes of the homecare part « advance » (pages in urlpatterns, API in api_urlpatterns):
the accountant's immediate advance, and the household's requests in their space."""

from django.urls import path

from .. import views_advance as views

urlpatterns: list = [
    path("avance-immediate/", views.advance_list, name="advance_list"),
    path("avance-immediate/demandes/<int:pk>/", views.advance_detail, name="advance_detail"),
    path("avance-immediate/factures/<int:pk>/envoyer/", views.advance_send, name="advance_send"),
    path(
        "avance-immediate/foyers/<int:pk>/inscription/", views.advance_enrol, name="advance_enrol"
    ),
    path("mon-foyer/avance-immediate/", views.my_advance, name="my_advance"),
    path("mon-foyer/avance-immediate/<int:pk>/", views.my_advance_detail, name="my_advance_detail"),
]
api_urlpatterns: list = []
