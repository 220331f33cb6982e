"""URL routes of the homecare part « households » (pages in urlpatterns, API in api_urlpatterns)."""

from django.urls import path

from .. import views_household_space as space
from .. import views_households as views

urlpatterns: list = [
    path("foyers/", views.household_list, name="household_list"),
    path("foyers/nouveau/", views.household_create, name="household_create"),
    path("foyers/<int:pk>/", views.household_detail, name="household_detail"),
    path("foyers/<int:pk>/modifier/", views.household_edit, name="household_edit"),
    path("foyers/<int:pk>/personnes/ajouter/", views.member_add, name="household_member_add"),
    path(
        "foyers/<int:pk>/personnes/<int:member_pk>/retirer/",
        views.member_remove,
        name="household_member_remove",
    ),
    path(
        "foyers/<int:pk>/financements/ajouter/",
        views.financing_add,
        name="household_financing_add",
    ),
    path(
        "foyers/<int:pk>/financements/<int:financing_pk>/retirer/",
        views.financing_remove,
        name="household_financing_remove",
    ),
    path(
        "foyers/<int:pk>/messages/<int:message_pk>/lu/",
        views.message_read,
        name="household_message_read",
    ),
    path("foyers/<int:pk>/devis/nouveau/", views.quote_create, name="quote_create"),
    path("foyers/<int:pk>/contrat/", views.contract_sign, name="contract_sign"),
    path("contrats/<int:pk>/pdf/", views.contract_pdf, name="contract_pdf"),
    path("devis/<int:pk>/", views.quote_detail, name="quote_detail"),
    path("devis/<int:pk>/lignes/", views.quote_line_add, name="quote_line_add"),
    path(
        "devis/<int:pk>/lignes/<int:line_pk>/retirer/",
        views.quote_line_remove,
        name="quote_line_remove",
    ),
    path("devis/<int:pk>/envoyer/", views.quote_send, name="quote_send"),
    path("devis/<int:pk>/accepte-sur-papier/", views.quote_accept_paper, name="quote_accept_paper"),
    path("devis/<int:pk>/pdf/", views.quote_pdf, name="quote_pdf"),
    # The household's own space.
    path("mon-foyer/", space.my_home, name="my_home"),
    path("mon-foyer/interventions/", space.my_past, name="my_interventions"),
    path("mon-foyer/factures/", space.my_invoices, name="my_invoices"),
    path("mon-foyer/factures/<int:pk>/pdf/", space.my_invoice_pdf, name="my_invoice_pdf"),
    path("mon-foyer/devis/", space.my_quotes, name="my_quotes"),
    path("mon-foyer/devis/demander/", space.my_quote_ask, name="my_quote_ask"),
    path("mon-foyer/devis/<int:pk>/", space.my_quote, name="my_quote"),
    path("mon-foyer/devis/<int:pk>/accepter/", space.my_quote_accept, name="my_quote_accept"),
    path("mon-foyer/devis/<int:pk>/refuser/", space.my_quote_decline, name="my_quote_decline"),
    path("mon-foyer/devis/<int:pk>/pdf/", space.my_quote_pdf, name="my_quote_pdf"),
    path("mon-foyer/contrats/<int:pk>/pdf/", space.my_contract_pdf, name="my_contract_pdf"),
    path("mon-foyer/message/", space.my_message, name="my_message"),
    # The employee's space: the households of the day.
    path("mon-espace/acces-du-jour/", space.my_access_today, name="my_access_today"),
]
api_urlpatterns: list = []
