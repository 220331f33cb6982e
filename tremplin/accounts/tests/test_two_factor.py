"""The second factor: required for directors, delegates, federation staff and the admin;
asked after the password; recovery codes used once."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tremplin.accounts import two_factor
from tremplin.accounts.models import RecoveryCode
from tremplin.accounts.security import TWO_FACTOR_KEY, VERIFIED
from tremplin.accounts.testing import totp_enable, totp_now

from .conftest import is_logged_in, post_login

pytestmark = pytest.mark.django_db
START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # 9:00 in Paris


@pytest.fixture(autouse=True)
def no_otp_throttle(settings):
    # django-otp waits 1, 2, 4… seconds after a wrong code; the tests type the next at once.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def setup_totp(client, user) -> list[str]:
    """Go through the setup page as a person would: scan (read the secret), type a code."""
    page = client.get(reverse("accounts:two_factor_setup"))
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("accounts:two_factor_setup"), {"code": totp_now_of(device)})
    assert response.status_code == 200
    return re.findall(r"<li>([a-z2-9]{4}(?:-[a-z2-9]{4}){3})</li>", response.content.decode())


def totp_now_of(device) -> str:
    from django_otp.oath import totp

    return f"{totp(device.bin_key):06d}"


def test_a_director_without_second_factor_reaches_only_its_setup(client, director, structure):
    response = post_login(client, director.email)
    assert response["Location"] == reverse("accounts:two_factor_setup")
    for url in ["/", reverse("people:person_list"), f"/structures/{structure.pk}/", "/admin/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("accounts:two_factor_setup"), url
    # The API through the session is closed too, with a French reason.
    response = client.get("/api/v1/personnes/")
    assert response.status_code == 403
    assert "double authentification" in response.json()["detail"]
    codes = setup_totp(client, director)
    assert len(codes) == 10
    assert client.session[TWO_FACTOR_KEY] == VERIFIED
    assert client.get(reverse("people:person_list")).status_code == 200


def test_with_a_second_factor_the_session_waits_for_the_code(client, director):
    totp_enable(director)
    response = post_login(client, director.email)
    assert response["Location"] == reverse("accounts:two_factor_verify")
    # The password alone does not open the session.
    assert not is_logged_in(client)
    assert client.get(reverse("people:person_list")).status_code == 302
    response = client.post(reverse("accounts:two_factor_verify"), {"code": "000000"})
    assert response.status_code == 200
    assert "Ce code est faux ou périmé" in response.content.decode()
    assert not is_logged_in(client)
    response = client.post(reverse("accounts:two_factor_verify"), {"code": totp_now(director)})
    assert response.status_code == 302
    assert is_logged_in(client)
    assert client.session[TWO_FACTOR_KEY] == VERIFIED
    assert client.get(reverse("people:person_list")).status_code == 200


def test_a_code_is_not_accepted_twice(client, director):
    totp_enable(director)
    code = totp_now(director)
    post_login(client, director.email)
    client.post(reverse("accounts:two_factor_verify"), {"code": code})
    assert is_logged_in(client)
    client.post(reverse("accounts:logout"))
    post_login(client, director.email)
    client.post(reverse("accounts:two_factor_verify"), {"code": code})
    assert not is_logged_in(client)


def test_five_wrong_codes_send_back_to_the_password(client, director):
    totp_enable(director)
    post_login(client, director.email)
    for _attempt in range(4):
        client.post(reverse("accounts:two_factor_verify"), {"code": "123456"})
    response = client.post(reverse("accounts:two_factor_verify"), {"code": "123456"})
    assert response.status_code == 429
    assert "Trop de codes faux" in response.content.decode()
    response = client.post(reverse("accounts:two_factor_verify"), {"code": totp_now(director)})
    assert response["Location"] == reverse("accounts:login")
    assert not is_logged_in(client)


def test_recovery_codes_work_once_each(client, director):
    post_login(client, director.email)
    codes = setup_totp(client, director)
    client.post(reverse("accounts:logout"))
    # Only their hashes are stored.
    stored = set(RecoveryCode.objects.filter(user=director).values_list("code_hash", flat=True))
    assert not stored & set(codes)
    post_login(client, director.email)
    client.post(reverse("accounts:two_factor_verify"), {"code": codes[0].upper()})
    assert is_logged_in(client)
    assert two_factor.recovery_codes_left(director) == 9
    client.post(reverse("accounts:logout"))
    post_login(client, director.email)
    client.post(reverse("accounts:two_factor_verify"), {"code": codes[0]})
    assert not is_logged_in(client)
    client.post(reverse("accounts:two_factor_verify"), {"code": codes[1]})
    assert is_logged_in(client)


def test_new_recovery_codes_replace_the_old_ones(client, director):
    post_login(client, director.email)
    old = setup_totp(client, director)
    response = client.post(reverse("accounts:two_factor_recovery_codes"))
    new = re.findall(r"<li>([a-z2-9-]{19})</li>", response.content.decode())
    assert len(new) == 10
    assert not two_factor.second_factor_verify(user=director, code=old[0])
    assert two_factor.second_factor_verify(user=director, code=new[0])


@pytest.mark.parametrize("kind", ["delegate", "federation"])
def test_delegates_and_federation_staff_must_set_it_up(client, kind):
    from tremplin.accounts.services import user_create

    user = user_create(email=f"{kind}@tremplin.test", kind=kind, password="un-mot-de-passe-test")
    response = post_login(client, user.email, "un-mot-de-passe-test")
    assert response["Location"] == reverse("accounts:two_factor_setup")


def test_the_admin_requires_a_checked_second_factor(client, federation_user):
    post_login(client, federation_user.email)
    assert client.get("/admin/")["Location"] == reverse("accounts:two_factor_setup")
    setup_totp(client, federation_user)
    assert client.get("/admin/").status_code == 200
    # A session whose code was not checked does not open the admin, whatever its flags.
    session = client.session
    session[TWO_FACTOR_KEY] = "not_required"
    session.save()
    assert client.get("/admin/").status_code == 302


def test_it_is_optional_for_other_staff(client, conseiller):
    response = post_login(client, conseiller.email)
    assert response["Location"] == "/"
    assert client.get(reverse("people:person_list")).status_code == 200
    with time_machine.travel(START, tick=False):
        setup_totp(client, conseiller)
    client.post(reverse("accounts:logout"))
    # A minute later: the code of the setup may not be typed twice.
    with time_machine.travel(START + timedelta(minutes=1), tick=False):
        response = post_login(client, conseiller.email)
        assert response["Location"] == reverse("accounts:two_factor_verify")
        client.post(reverse("accounts:two_factor_verify"), {"code": totp_now(conseiller)})
        assert is_logged_in(client)
        # They may turn it off again; a director may not.
        client.post(reverse("accounts:two_factor_setup"), {"action": "disable"})
    assert not TOTPDevice.objects.filter(user=conseiller).exists()


def test_a_director_cannot_turn_it_off(client, director):
    post_login(client, director.email)
    setup_totp(client, director)
    client.post(reverse("accounts:two_factor_setup"), {"action": "disable"})
    assert TOTPDevice.objects.filter(user=director, confirmed=True).exists()


def test_a_session_opened_before_the_second_factor_is_closed(client, director):
    """A session without the login's records (opened before this version) and a user with a
    second factor: logged out, to log in again with the code."""
    totp_enable(director)
    client.force_login(director)
    session = client.session
    del session[TWO_FACTOR_KEY]
    session.save()
    response = client.get(reverse("people:person_list"))
    assert response.status_code == 302 and "/connexion/" in response["Location"]
    assert not is_logged_in(client)
