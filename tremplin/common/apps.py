from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "tremplin.common"

    def ready(self):
        from django.urls import register_converter

        from .api import ApiIdConverter

        register_converter(ApiIdConverter, "api_id")
