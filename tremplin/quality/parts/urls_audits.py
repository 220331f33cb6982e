"""The quality routes of the part « audits »: pages (namespace « quality ») and API (namespace « api »)."""

from django.urls import path

from .. import views_audits as views

urlpatterns: list = [
    path("qualite/audits/", views.audit_list, name="audit_list"),
    path("qualite/audits/nouveau/", views.audit_create, name="audit_create"),
    path("qualite/audits/<int:pk>/", views.audit_detail, name="audit_detail"),
    path("qualite/audits/<int:pk>/modifier/", views.audit_edit, name="audit_edit"),
    path(
        "qualite/audits/<int:pk>/sites/<int:site_pk>/grille/",
        views.audit_checklist,
        name="audit_checklist",
    ),
    path("qualite/audits/<int:pk>/constats/nouveau/", views.finding_create, name="finding_create"),
    path("qualite/audits/<int:pk>/preuves/", views.audit_evidence, name="audit_evidence"),
    path("qualite/audits/<int:pk>/rapport/", views.audit_report, name="audit_report"),
    path("qualite/audits/<int:pk>/rapport.pdf", views.audit_pdf, name="audit_pdf"),
    path("qualite/constats/<int:pk>/action/", views.action_create, name="action_create"),
    path("qualite/constats/<int:pk>/clore/", views.finding_close, name="finding_close"),
    path("qualite/constats/<int:pk>/document/", views.document_attach, name="document_attach"),
    path("qualite/actions/<int:pk>/realisee/", views.action_done, name="action_done"),
    path("qualite/actions/<int:pk>/verification/", views.action_check, name="action_check"),
    path("qualite/documents/<int:pk>/", views.document_download, name="document_download"),
]
api_urlpatterns: list = []
