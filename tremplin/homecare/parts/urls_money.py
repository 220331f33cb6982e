"""URL routes of the homecare part « money » (pages in urlpatterns, API in api_urlpatterns)."""

from django.urls import path

from .. import views_money as views

urlpatterns: list = [
    path("services-a-la-personne/paiements/", views.payments, name="money_payments"),
    path("services-a-la-personne/prelevements/", views.debits, name="money_debits"),
    path(
        "services-a-la-personne/prelevements/creancier/",
        views.creditor,
        name="money_creditor",
    ),
    path(
        "services-a-la-personne/prelevements/mandats/nouveau/",
        views.mandate_create,
        name="money_mandate_create",
    ),
    path(
        "services-a-la-personne/prelevements/mandats/<int:pk>/revoquer/",
        views.mandate_revoke,
        name="money_mandate_revoke",
    ),
    path(
        "services-a-la-personne/prelevements/lots/<int:pk>/",
        views.batch_detail,
        name="money_batch_detail",
    ),
    path(
        "services-a-la-personne/prelevements/lots/<int:pk>/pain008.xml",
        views.batch_file,
        name="money_batch_file",
    ),
    path("services-a-la-personne/nova/", views.nova_statistics, name="money_nova"),
]
api_urlpatterns: list = []
