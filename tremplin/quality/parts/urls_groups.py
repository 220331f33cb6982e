"""The quality routes of the part « groups »: pages (namespace « quality ») and API (namespace « api »)."""

from django.urls import path

from .. import views_certification as views

urlpatterns: list = [
    path("qualite/federation/", views.federation_home, name="federation_home"),
    path("qualite/certifications/", views.certification_list, name="certification_list"),
    path(
        "qualite/certifications/<int:pk>/", views.certification_detail, name="certification_detail"
    ),
    path(
        "qualite/certifications/<int:pk>/certificat.pdf",
        views.certificate_pdf,
        name="certificate_pdf",
    ),
    path(
        "qualite/certifications/<int:pk>/suspendre/",
        views.certification_suspend,
        name="certification_suspend",
    ),
    path(
        "qualite/certifications/<int:pk>/lever-suspension/",
        views.certification_reinstate,
        name="certification_reinstate",
    ),
    path(
        "qualite/certifications/<int:pk>/retirer/",
        views.certification_withdraw,
        name="certification_withdraw",
    ),
    path(
        "qualite/audits/<int:pk>/decision/", views.certification_decide, name="certification_decide"
    ),
    path("qualite/audits/<int:pk>/echantillon/", views.audit_sample, name="audit_sample"),
    path(
        "qualite/constats/<int:pk>/autres-sites/",
        views.finding_other_sites,
        name="finding_other_sites",
    ),
]
api_urlpatterns: list = []
