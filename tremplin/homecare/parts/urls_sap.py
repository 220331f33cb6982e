"""URL routes of the homecare part « sap » (pages in urlpatterns, API in api_urlpatterns)."""

from django.urls import path

from .. import api_sap, api_sap_side, views_sap

urlpatterns: list = [
    path("services-a-la-personne/", views_sap.sap_home, name="sap_home"),
    path("services-a-la-personne/declaration/", views_sap.sap_declaration, name="sap_declaration"),
    path("services-a-la-personne/activites/", views_sap.sap_activity_add, name="sap_activity_add"),
    path(
        "services-a-la-personne/activites/<int:pk>/retirer/",
        views_sap.sap_activity_remove,
        name="sap_activity_remove",
    ),
    path("services-a-la-personne/catalogue/", views_sap.service_list, name="service_list"),
    path(
        "services-a-la-personne/catalogue/nouveau/", views_sap.service_create, name="service_create"
    ),
    path(
        "services-a-la-personne/catalogue/<int:pk>/modifier/",
        views_sap.service_edit,
        name="service_edit",
    ),
    path("proxim-services/", views_sap.brand_directory, name="brand_directory"),
    path("proxim-services/<int:pk>/", views_sap.brand_licensee, name="brand_licensee"),
    path("proxim-services/licencies/", views_sap.licensee_list, name="licensee_list"),
    path("proxim-services/licencies/nouvelle/", views_sap.licence_create, name="licence_create"),
    path(
        "proxim-services/licencies/<int:pk>/modifier/", views_sap.licence_edit, name="licence_edit"
    ),
]
api_urlpatterns: list = [
    path("sap/services/", api_sap.ServiceListCreate.as_view(), name="sap-service-list"),
    path("sap/services/<api_id:pk>/", api_sap.ServiceDetail.as_view(), name="sap-service-detail"),
    path(
        "sap/structures/<api_id:pk>/declaration/",
        api_sap_side.DeclarationDetail.as_view(),
        name="sap-declaration",
    ),
    path(
        "sap/structures/<api_id:pk>/activites/",
        api_sap_side.DeclaredActivityCreate.as_view(),
        name="sap-declared-activity-list",
    ),
    path(
        "sap/activites/<api_id:pk>/",
        api_sap_side.DeclaredActivityDetail.as_view(),
        name="sap-declared-activity-detail",
    ),
    path(
        "proxim-services/licences/",
        api_sap_side.LicenceListCreate.as_view(),
        name="brand-licence-list",
    ),
    path(
        "proxim-services/licences/<api_id:pk>/",
        api_sap_side.LicenceDetail.as_view(),
        name="brand-licence-detail",
    ),
]
