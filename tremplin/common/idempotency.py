"""`Idempotency-Key` on API writes: a client that did not get the answer (a timeout, a lost
connection) sends the same request again with the same key, and gets the first answer
instead of a second write.

    class TimeEntryListCreate(Idempotent, generics.ListCreateAPIView): ...

With the header, the whole request runs in one transaction that first inserts the key
(unique per user): a retry after the commit finds it and replays the stored status and
body; a retry racing the first waits for it on the key's unique index (PostgreSQL) or on
the database's write lock (SQLite), then replays. Only successful answers are kept: after
an error nothing was written, and the same key may be sent again. Keys expire after
IDEMPOTENCY_KEY_TTL (24 h by default). `tests/test_idempotency.py` holds the API writes
to it: every write route of the API uses `Idempotent`."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http.request import RawPostDataException
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from .models import IdempotencyKey

HEADER = "Idempotency-Key"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
IN_PROGRESS = 0  # the status of a key whose request has not answered yet


class KeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency_key_reused"


class KeyInProgress(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "idempotency_key_in_progress"


class _Replay(Exception):
    def __init__(self, entry: IdempotencyKey):
        self.entry = entry


def _fingerprint(request) -> str:
    digest = hashlib.sha256(f"{request.method} {request.get_full_path()}\n".encode())
    try:
        digest.update(request._request.body)
    except RawPostDataException:  # the body was parsed already: its parsed form then
        digest.update(json.dumps(request.data, cls=JSONEncoder, sort_keys=True).encode())
    return digest.hexdigest()


def _begin(request) -> IdempotencyKey | None:
    key = request.headers.get(HEADER, "").strip()
    if not key or request.method not in WRITE_METHODS or not request.user.is_authenticated:
        return None
    if len(key) > 255:
        raise exceptions.ValidationError(
            {HEADER: [_("The Idempotency-Key header is at most 255 characters long.")]}
        )
    now, fingerprint = timezone.now(), _fingerprint(request)
    IdempotencyKey.objects.filter(user=request.user, key=key, expires_at__lte=now).delete()
    try:
        with transaction.atomic():
            return IdempotencyKey.objects.create(
                user=request.user,
                key=key,
                fingerprint=fingerprint,
                status=IN_PROGRESS,
                expires_at=now + settings.IDEMPOTENCY_KEY_TTL,
            )
    except IntegrityError:
        pass  # the key is taken: by a committed request (we waited for it), read it
    entry = IdempotencyKey.objects.get(user=request.user, key=key)
    if entry.fingerprint != fingerprint:
        raise KeyReused(
            _(
                "This Idempotency-Key was already used for another request: send a new key "
                "with this one."
            )
        )
    if entry.status == IN_PROGRESS:
        raise KeyInProgress(
            _("A request with this Idempotency-Key is still running: try again in a moment.")
        )
    raise _Replay(entry)


def _finish(entry: IdempotencyKey, response) -> None:
    if 200 <= response.status_code < 300:
        body = getattr(response, "data", None)
        entry.status = response.status_code
        entry.body = json.loads(json.dumps(body, cls=JSONEncoder))
        entry.save(update_fields=["status", "body"])
    else:
        # Not kept: the key may be sent again, and nothing of this request stays.
        transaction.set_rollback(True)


class Idempotent:
    """For DRF views that write: honours the Idempotency-Key header (module docstring)."""

    def dispatch(self, request, *args, **kwargs):
        if request.method in WRITE_METHODS and request.headers.get(HEADER):
            with transaction.atomic():
                return super().dispatch(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication, permissions, throttles
        self._idempotency = _begin(request)

    def handle_exception(self, exc):
        if isinstance(exc, _Replay):
            response = Response(exc.entry.body, status=exc.entry.status)
            response["Idempotent-Replayed"] = "true"
            return response
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        entry, self._idempotency = getattr(self, "_idempotency", None), None
        if entry is not None:
            _finish(entry, response)
        return response


def keys_purge(*, now) -> int:
    return IdempotencyKey.objects.filter(expires_at__lte=now).delete()[0]
