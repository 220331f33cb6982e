"""Control characters refused at input: the validator, the form mixin, the API's serializers.
(Pages, API and import of people are tested in tremplin/people/tests/test_safe_files.py.)"""

import importlib

import pytest
from django import forms
from django.apps import apps
from django.utils import translation
from rest_framework import serializers

from tremplin.common import api
from tremplin.common.forms import BootstrapFormMixin
from tremplin.common.validators import control_character_error


@pytest.mark.parametrize(
    ("text", "multiline", "position"),
    [
        ("Mar\x07tin", False, 4),
        ("\x00", True, 1),
        ("ab\x1b", True, 3),
        ("a\x7f", True, 2),
        ("a\x85b", True, 2),  # C1
        ("a\ufffe", True, 2),
        ("Jean\tMarc", False, 5),
        ("Jean\nMarc", False, 5),
    ],
)
def test_forbidden_characters_are_named_with_their_position(text, multiline, position):
    with translation.override("fr"):
        message = control_character_error(text, multiline=multiline)
    assert message is not None and f"position {position}" in message
    assert message.startswith("Ce champ")


@pytest.mark.parametrize(
    ("text", "multiline"),
    [
        ("Martin", False),
        ("Éloïse N'Diaye-Ødegård", False),
        ('=HYPERLINK("x")', False),  # accepted as text: neutralised on output
        ("ligne 1\nligne 2\tsuite\r\n", True),
    ],
)
def test_ordinary_text_passes(text, multiline):
    assert control_character_error(text, multiline=multiline) is None


class _Form(BootstrapFormMixin, forms.Form):
    name = forms.CharField()
    notes = forms.CharField(widget=forms.Textarea, required=False)
    email = forms.EmailField(required=False)


def test_the_form_mixin_refuses_control_characters_in_every_text_field():
    with translation.override("fr"):
        form = _Form({"name": "Mar\x07tin", "notes": "a\nb", "email": ""})
        assert not form.is_valid()
        assert "caractère de contrôle invisible (U+0007, position 4)" in form.errors["name"][0]
        assert "notes" not in form.errors  # a line break in a multi-line field
        form = _Form({"name": "Jean\nMarc", "notes": "a\x0bb"})
        assert not form.is_valid()
        assert set(form.errors) == {"name", "notes"}
    assert _Form({"name": "Martin", "notes": "a\r\nb"}).is_valid()


class _Input(api.Serializer):
    name = serializers.CharField(max_length=50)
    notes = serializers.CharField(required=False)
    tags = serializers.ListField(child=serializers.CharField(max_length=20), required=False)


def test_the_base_serializer_refuses_control_characters_in_every_char_field():
    with translation.override("fr"):
        data = _Input(data={"name": "Mar\x07tin", "notes": "a\x00", "tags": ["ok", "b\x1b"]})
        assert not data.is_valid()
        assert set(data.errors) == {"name", "notes", "tags"}
        assert "position 4" in str(data.errors["name"][0])
    assert _Input(data={"name": "Martin", "notes": "a\nb", "tags": ["x"]}).is_valid()
    assert not _Input(data={"name": "Jean\nMarc"}).is_valid()


def _project_serializers():
    for config in apps.get_app_configs():
        if config.name.startswith("tremplin."):
            for module in ("api", "serializers"):
                try:
                    importlib.import_module(f"{config.name}.{module}")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.{module}":
                        raise
    found, stack = [], [serializers.BaseSerializer]
    while stack:
        for sub in stack.pop().__subclasses__():
            stack.append(sub)
            if sub.__module__.startswith("tremplin.") and ".tests" not in sub.__module__:
                found.append(sub)
    return found


def test_every_serializer_of_the_project_derives_from_the_safe_base():
    found = _project_serializers()
    assert len(found) > 20  # the search sees the apps' serializers
    unsafe = [
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in found
        if not issubclass(cls, api._TextSafety | serializers.ListSerializer)
    ]
    assert unsafe == []


def test_a_nul_byte_in_a_form_encoded_related_key_is_a_french_400(world, client):
    """A form's values are lists: the byte is read in each (PostgreSQL refuses it)."""
    client.force_login(world.user("federation"))
    response = client.patch(
        f"/api/v1/structures/{world.own.pk}/",
        "commune=%00V&commune=69123",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400, response.content
    assert "caractères de contrôle" in response.content.decode()
