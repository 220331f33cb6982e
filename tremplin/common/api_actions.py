"""API actions on one row: the row looked up through its tenancy queryset (`for_user`, a
French 404 for a row the user may not see), the input validated by a serializer, one service
called by keyword (which checks the role: a French 403), the result answered."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from .idempotency import Idempotent


def object_action(
    name: str,
    *,
    model,
    input_serializer,
    output_serializer,
    run,
    doc: str,
    status_code: int = 200,
    related: tuple[str, ...] = (),
):
    """A POST view on `model`'s row `pk`: `run(actor, row, **validated_data)` returns what
    `output_serializer` answers."""

    def post(self, request, pk):
        rows = model.objects.for_user(request.user)
        if related:  # select_related() with no name would join every relation, recursively
            rows = rows.select_related(*related)
        row = get_object_or_404(rows, pk=pk)
        data = input_serializer(data=request.data, context={"request": request, "row": row})
        data.is_valid(raise_exception=True)
        result = run(request.user, row, **data.validated_data)
        return Response(
            output_serializer(result, context={"request": request}).data, status=status_code
        )

    post = extend_schema(
        request=input_serializer, responses={status_code: output_serializer}, description=doc
    )(post)
    return type(name, (Idempotent, APIView), {"post": post, "__doc__": doc})
