"""Password reset by e-mail: a link that works once, requests throttled."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from .conftest import is_logged_in, post_login

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "un-tout-nouveau-mot-de-passe"


def ask(client, email, **extra):
    return client.post(reverse("accounts:password_reset"), {"email": email}, **extra)


def test_the_link_sets_a_new_password_once(client, employee):
    response = ask(client, employee.email.upper())
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [employee.email]
    assert message.subject == "Tremplin : choisissez un nouveau mot de passe"
    assert "Suivez ce lien dans l'heure" in message.body
    link = re.search(r"http://testserver(/mot-de-passe/nouveau/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert "Nouveau mot de passe" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response["Location"] == reverse("accounts:password_reset_complete")
    # Not logged in by the reset: the password (and the second factor) are asked as usual.
    assert not is_logged_in(client)
    assert post_login(client, employee.email, NEW_PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))
    # The same link a second time is refused.
    again = client.get(link, follow=True)
    assert "Ce lien n'est pas valable" in again.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, db):
    response = ask(client, "personne@tremplin.test")
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_requests_are_throttled(client, employee):
    for _request in range(settings.PASSWORD_RESET_REQUEST_LIMIT):
        assert ask(client, employee.email).status_code == 302
    response = ask(client, employee.email)
    assert response.status_code == 429
    assert "Trop de tentatives de connexion. Réessayez dans 15 minutes." in (
        response.content.decode()
    )
    assert len(mail.outbox) == settings.PASSWORD_RESET_REQUEST_LIMIT
    # The limit is per address too: another IP asking for the same account is refused.
    assert ask(client, employee.email, REMOTE_ADDR="192.0.2.8").status_code == 429
