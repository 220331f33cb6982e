from django.urls import path

from . import views

app_name = "observatory"
urlpatterns = [
    path("", views.home, name="home"),
    path("reseau/", views.network, name="network"),
    path("reseau/publier/", views.publish, name="publish"),
    path("delegations/<int:pk>/", views.delegation, name="delegation"),
    path("structure/", views.structure, name="structure"),
    path("publie/", views.public, name="public"),
]
