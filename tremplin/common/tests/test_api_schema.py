import yaml
from django.core.management import call_command

from tremplin.common.tests.test_tenancy import all_route_names


def test_openapi_schema_is_valid_and_lists_every_api_route(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    api_routes = {n for n in all_route_names() if n.startswith("api:")} - {"api:schema", "api:docs"}
    assert len(schema["paths"]) == len(api_routes)
    assert schema["info"]["title"] == "Tremplin API"
