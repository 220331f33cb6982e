"""How the OpenAPI schema describes the API tokens (drf-spectacular extension)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "tremplin.accounts.api_tokens.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "Jeton créé dans « Mon compte › Jetons d'API », envoyé dans l'en-tête "
                "`Authorization: Bearer trp_…`."
            ),
        }
