"""API of insertion paths: the same selectors, rules and services as the pages.

Lists answer only what `for_user` lets the user see; writes call one service each, whose
French errors come back as 400 answers keyed by field."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from tremplin.accounts.privacy import PolicySerializerMixin
from tremplin.common.api import (
    ModelSerializer,
    PlausibleDateField,
    Serializer,
    id_parameter,
    query_id,
)
from tremplin.common.idempotency import Idempotent
from tremplin.network.models import Structure

from . import api_choices, rules
from .models import (
    Action,
    ActionKind,
    Approval,
    Barrier,
    BarrierCategory,
    CommitmentContract,
    Contract,
    ContractKind,
    Criterion,
    Diagnosis,
    DiagnosisAuthor,
    Exit,
    ExitCategory,
    ExitReason,
    Interview,
    InterviewKind,
    Person,
    Prolongation,
    ProlongationRequest,
    Suspension,
    SuspensionReason,
)
from .models.person import PERSON_FIELDS, Sex
from .services import accompaniment, approvals, contracts, eligibility, exits, persons

# --- Read serializers -------------------------------------------------------------------


class PersonSerializer(PolicySerializerMixin, ModelSerializer):
    """A person's fields, those the user may see (accounts.privacy): NIR and sensitive facts
    to directors and counsellors only."""

    class Meta:
        model = Person
        fields = ["id", "structure", *PERSON_FIELDS]


class PersonCreateSerializer(Serializer):
    structure = serializers.PrimaryKeyRelatedField(queryset=Structure.objects.all())
    last_name = serializers.CharField(max_length=150)
    birth_name = serializers.CharField(max_length=150, required=False, default="")
    first_names = serializers.CharField(max_length=150)
    sex = serializers.ChoiceField(choices=Sex.choices)
    birth_date = PlausibleDateField()
    nir = serializers.CharField(max_length=21, required=False, default="")
    ntt = serializers.CharField(max_length=40, required=False, default="")
    email = serializers.EmailField(required=False, default="")
    allow_duplicate = serializers.BooleanField(required=False, default=False)


def _model_serializer(model_class, field_names):
    meta = type("Meta", (), {"model": model_class, "fields": ["id", *field_names]})
    return type(
        f"{model_class.__name__}Serializer",
        (PolicySerializerMixin, ModelSerializer),
        {"Meta": meta},
    )


DiagnosisSerializer = _model_serializer(
    Diagnosis,
    ["person", "author_kind", "author_name", "author_organisation", "made_on", "expires_on"],
)
ApprovalSerializer = _model_serializer(
    Approval, ["person", "number", "start_date", "end_date", "waiting_period_waived_by"]
)
SuspensionSerializer = _model_serializer(
    Suspension, ["approval", "start_date", "end_date", "reason"]
)
ProlongationSerializer = _model_serializer(
    Prolongation, ["approval", "reason", "start_date", "end_date", "decided_by", "request"]
)
ProlongationRequestSerializer = _model_serializer(
    ProlongationRequest,
    [
        "approval",
        "reason",
        "end_date",
        "prescriber",
        "requested_on",
        "status",
        "decided_on",
        "decision_note",
    ],
)
ContractSerializer = _model_serializer(
    Contract,
    [
        "person",
        "kind",
        "start_date",
        "initial_end_date",
        "planned_end_date",
        "weekly_hours",
        "extension_ground",
        "early_end_date",
        "early_end_reason",
    ],
)
InterviewSerializer = _model_serializer(
    Interview, ["person", "date", "kind", "conseiller", "notes"]
)
BarrierSerializer = _model_serializer(
    Barrier, ["person", "category", "status", "identified_on", "notes"]
)
CommitmentSerializer = _model_serializer(
    CommitmentContract, ["person", "signed_on", "goals", "structure_commitments"]
)
ActionSerializer = _model_serializer(
    Action, ["person", "kind", "title", "partner", "start_date", "end_date", "barrier"]
)


class ExitReasonCode(serializers.ChoiceField):
    """An exit's reason as its ASP code (one of the schema's enumeration)."""

    def to_representation(self, value):
        return None if value is None else value.pk


class ExitSerializer(PolicySerializerMixin, ModelSerializer):
    reason = ExitReasonCode(
        choices=api_choices.EXIT_REASON_CHOICES, read_only=True, allow_null=True
    )
    category = serializers.ChoiceField(
        choices=ExitCategory.choices, read_only=True, allow_null=True
    )

    class Meta:
        model = Exit
        fields = [
            "id",
            "person",
            "exit_date",
            "reason",
            "category",
            "counted",
            "worked_hours",
            "notes",
        ]


# --- Write serializers (the services' arguments) ---------------------------------------------


class DiagnosisCreate(Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none())
    author_kind = serializers.ChoiceField(choices=DiagnosisAuthor.choices)
    author_name = serializers.CharField(max_length=150)
    author_organisation = serializers.CharField(max_length=200, required=False, default="")
    made_on = PlausibleDateField()
    criteria = serializers.ListField(
        child=serializers.ChoiceField(choices=Criterion.choices), allow_empty=False
    )


class ApprovalCreate(Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none())
    number = serializers.CharField(min_length=12, max_length=12)
    start_date = PlausibleDateField()
    waiting_period_waived_by = serializers.CharField(required=False, default="")


class SuspensionCreate(Serializer):
    approval = serializers.PrimaryKeyRelatedField(queryset=Approval.objects.none())
    start_date = PlausibleDateField()
    end_date = PlausibleDateField()
    reason = serializers.ChoiceField(choices=SuspensionReason.choices)


class ProlongationCreate(Serializer):
    approval = serializers.PrimaryKeyRelatedField(queryset=Approval.objects.none())
    reason = serializers.ChoiceField(choices=api_choices.PROLONGATION_RECORDED_CHOICES)
    end_date = PlausibleDateField()
    decided_by = serializers.CharField(max_length=200)


class ProlongationRequestCreate(Serializer):
    approval = serializers.PrimaryKeyRelatedField(queryset=Approval.objects.none())
    reason = serializers.ChoiceField(choices=api_choices.PROLONGATION_REQUESTED_CHOICES)
    end_date = PlausibleDateField()
    prescriber = serializers.CharField(max_length=200)
    requested_on = PlausibleDateField()


class ContractCreate(Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none())
    kind = serializers.ChoiceField(choices=ContractKind.choices)
    start_date = PlausibleDateField()
    planned_end_date = PlausibleDateField(required=False, allow_null=True, default=None)
    weekly_hours = serializers.DecimalField(max_digits=4, decimal_places=2)
    extension_ground = serializers.ChoiceField(
        choices=api_choices.EXTENSION_GROUND_CHOICES, required=False, default=""
    )


class InterviewCreate(Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none())
    date = PlausibleDateField()
    kind = serializers.ChoiceField(choices=InterviewKind.choices)
    notes = serializers.CharField(required=False, default="")


class BarrierCreate(Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none())
    category = serializers.ChoiceField(choices=BarrierCategory.choices)
    identified_on = PlausibleDateField()
    notes = serializers.CharField(required=False, default="")


class ActionCreate(Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none())
    kind = serializers.ChoiceField(choices=ActionKind.choices)
    title = serializers.CharField(max_length=200)
    partner = serializers.CharField(required=False, default="")
    start_date = PlausibleDateField()
    end_date = PlausibleDateField(required=False, allow_null=True, default=None)


class CommitmentCreate(Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none())
    signed_on = PlausibleDateField()
    goals = serializers.CharField()
    structure_commitments = serializers.CharField(required=False, default="")


class ExitCreate(Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none())
    exit_date = PlausibleDateField()
    reason = serializers.ChoiceField(
        choices=api_choices.EXIT_REASON_CHOICES, required=False, allow_null=True, default=None
    )
    pass_decision = serializers.ChoiceField(
        choices=api_choices.PASS_DECISION_CHOICES, default="keep"
    )

    def validate_reason(self, code):
        return exit_reason_row(code)

    notes = serializers.CharField(required=False, default="")


def exit_reason_row(code):
    """The ExitReason row of an ASP code (the reference table loaded by a migration)."""
    if code is None:
        return None
    reason = ExitReason.objects.filter(pk=code).first()
    if reason is None:
        raise serializers.ValidationError(_("Unknown exit reason: choose one of the ASP list."))
    return reason


# --- Views ---------------------------------------------------------------------------------


PERSON_FILTER = id_parameter("person", "only the rows of this person (id)")


class ScopedListCreate(Idempotent, generics.ListCreateAPIView):
    """GET: the rows the user may see (for_user), optionally ?person=<id>; POST: one service.

    Subclasses set `model`, `serializer_class` (read), `create_serializer`, `run` and
    `person_path` (the lookup from the model to its person)."""

    model = None
    create_serializer = None
    person_path = "person"
    related = ()

    def get_queryset(self):
        # The person's structure decides what each row shows (accounts.privacy).
        rows = self.model.objects.for_user(self.request.user).select_related(
            self.person_path, *self.related
        )
        person = query_id(self.request, "person")
        if person is not None:
            rows = rows.filter(**{f"{self.person_path}_id": person})
        return rows.order_by("-pk")

    def get_serializer_class(self):
        return self.create_serializer if self.request.method == "POST" else self.serializer_class

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        # Related objects are looked up through the tenancy mechanism too.
        for name in ("person", "approval"):
            field = serializer.fields.get(name) if hasattr(serializer, "fields") else None
            if field is not None and isinstance(field, serializers.PrimaryKeyRelatedField):
                model = Person if name == "person" else Approval
                field.queryset = model.objects.for_user(self.request.user)
        return serializer

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        created = self.run(request.user, dict(serializer.validated_data))
        return Response(
            self.serializer_class(created, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


def _view(name, model, read, create, run, person_path="person", related=()):
    view = type(
        name,
        (ScopedListCreate,),
        {
            "model": model,
            "serializer_class": read,
            "create_serializer": create,
            "person_path": person_path,
            "related": related,
            "run": staticmethod(run),
            "__doc__": f"{model._meta.verbose_name_plural.capitalize()}: list (scoped) and create.",
        },
    )
    view = extend_schema_view(get=extend_schema(parameters=[PERSON_FILTER]))(view)
    return extend_schema(request=create, responses=read)(view)


def _person_create(actor, data):
    structure = data.pop("structure")
    return persons.person_create(actor=actor, structure=structure, **data)


@extend_schema_view(
    get=extend_schema(parameters=[id_parameter("structure", "only this structure's people (id)")]),
    post=extend_schema(request=PersonCreateSerializer, responses={201: PersonSerializer}),
)
class PersonListCreate(ScopedListCreate):
    """People: list those the user may see; create one in a structure the user works in."""

    model = Person
    serializer_class = PersonSerializer
    create_serializer = PersonCreateSerializer
    run = staticmethod(_person_create)

    def get_queryset(self):
        rows = Person.objects.for_user(self.request.user)
        structure = query_id(self.request, "structure")
        if structure is not None:
            rows = rows.filter(structure_id=structure)
        return rows.order_by("last_name", "first_names", "pk")


class PersonDetail(Idempotent, APIView):
    """One person's file (the opening is logged like on the page)."""

    @extend_schema(responses=PersonSerializer)
    def get(self, request, pk):
        person = rules.access_person(request.user, pk, log="api")
        return Response(PersonSerializer(person, context={"request": request}).data)


DiagnosisListCreate = _view(
    "DiagnosisListCreate",
    Diagnosis,
    DiagnosisSerializer,
    DiagnosisCreate,
    lambda actor, d: eligibility.diagnosis_create(actor=actor, **d),
)
ApprovalListCreate = _view(
    "ApprovalListCreate",
    Approval,
    ApprovalSerializer,
    ApprovalCreate,
    lambda actor, d: approvals.approval_issue(actor=actor, **d),
)
SuspensionListCreate = _view(
    "SuspensionListCreate",
    Suspension,
    SuspensionSerializer,
    SuspensionCreate,
    lambda actor, d: approvals.suspension_create(actor=actor, **d),
    person_path="approval__person",
)
ProlongationListCreate = _view(
    "ProlongationListCreate",
    Prolongation,
    ProlongationSerializer,
    ProlongationCreate,
    lambda actor, d: approvals.prolongation_create(actor=actor, **d),
    person_path="approval__person",
)
ProlongationRequestListCreate = _view(
    "ProlongationRequestListCreate",
    ProlongationRequest,
    ProlongationRequestSerializer,
    ProlongationRequestCreate,
    lambda actor, d: approvals.prolongation_request_create(actor=actor, **d),
    person_path="approval__person",
)
ContractListCreate = _view(
    "ContractListCreate",
    Contract,
    ContractSerializer,
    ContractCreate,
    lambda actor, d: contracts.contract_sign(actor=actor, **d),
)
InterviewListCreate = _view(
    "InterviewListCreate",
    Interview,
    InterviewSerializer,
    InterviewCreate,
    lambda actor, d: accompaniment.interview_create(actor=actor, **d),
)
BarrierListCreate = _view(
    "BarrierListCreate",
    Barrier,
    BarrierSerializer,
    BarrierCreate,
    lambda actor, d: accompaniment.barrier_create(actor=actor, **d),
)
ActionListCreate = _view(
    "ActionListCreate",
    Action,
    ActionSerializer,
    ActionCreate,
    lambda actor, d: accompaniment.action_create(actor=actor, **d),
)
CommitmentListCreate = _view(
    "CommitmentListCreate",
    CommitmentContract,
    CommitmentSerializer,
    CommitmentCreate,
    lambda actor, d: accompaniment.commitment_create(actor=actor, **d),
)
ExitListCreate = _view(
    "ExitListCreate",
    Exit,
    ExitSerializer,
    ExitCreate,
    lambda actor, d: exits.exit_record(actor=actor, **d),
    related=("reason",),
)


class ProlongationDecision(Idempotent, APIView):
    """Record a prescriber's answer to a prolongation request (an acceptance prolongs)."""

    class DecisionInput(Serializer):
        accepted = serializers.BooleanField()
        decided_on = PlausibleDateField()
        note = serializers.CharField(required=False, default="")

    @extend_schema(request=DecisionInput, responses=ProlongationRequestSerializer)
    def post(self, request, pk):
        request_obj = get_object_or_404(ProlongationRequest.objects.for_user(request.user), pk=pk)
        data = self.DecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        decided = approvals.prolongation_request_decide(
            actor=request.user, request=request_obj, **data.validated_data
        )
        return Response(ProlongationRequestSerializer(decided, context={"request": request}).data)
