"""The trainee's questionnaires: satisfaction at the end of a session (a few questions on
a 1–4 scale and a comment) and the self-assessment of what was learnt against the course's
objectives, before and after. Answered from the trainee's phone; the training service reads
them summarised per session (averages and response rate, never a name beside an answer)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.tenancy import Level, TenantQuerySet
from tremplin.common.models import TimestampedModel

SCALE = [MinValueValidator(1), MaxValueValidator(4)]


class Level4(models.IntegerChoices):
    """The 1–4 scale: no middle answer, the trainee leans one way or the other."""

    POOR = 1, _("Not at all")
    FAIR = 2, _("Not really")
    GOOD = 3, _("Rather yes")
    VERY_GOOD = 4, _("Fully")


# The satisfaction questions: (field, label). The summary and the form read them here.
SATISFACTION_QUESTIONS = (
    ("content", _("The content answered my needs")),
    ("methods", _("The teaching methods helped me learn")),
    ("trainer", _("The trainer was clear and available")),
    ("organisation", _("The organisation (place, schedule, welcome) suited me")),
)


class AnswerQuerySet(TenantQuerySet):
    # Like the registration: the registering structure, federation staff, the trainee.
    tenant_path = "registration__structure_id"
    tenant_level = Level.STRUCTURE

    def self_filter(self, scope):
        return models.Q(registration__trainee_user_id=scope.user_id) | models.Q(
            registration__person__user_id=scope.user_id
        )


class SatisfactionAnswer(TimestampedModel):
    registration = models.OneToOneField(
        "training.Registration",
        on_delete=models.CASCADE,
        related_name="satisfaction",
        verbose_name=_("registration"),
    )
    content = models.PositiveSmallIntegerField(choices=Level4.choices, validators=SCALE)
    methods = models.PositiveSmallIntegerField(choices=Level4.choices, validators=SCALE)
    trainer = models.PositiveSmallIntegerField(choices=Level4.choices, validators=SCALE)
    organisation = models.PositiveSmallIntegerField(choices=Level4.choices, validators=SCALE)
    comment = models.TextField(_("comment"), blank=True)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("satisfaction answer")
        verbose_name_plural = _("satisfaction answers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(content__range=(1, 4))
                & models.Q(methods__range=(1, 4))
                & models.Q(trainer__range=(1, 4))
                & models.Q(organisation__range=(1, 4)),
                name="satisfaction_on_the_scale",
                violation_error_message=_("Each answer is from 1 to 4."),
            )
        ]


class Moment(models.TextChoices):
    BEFORE = "before", _("Before the training")
    AFTER = "after", _("After the training")


class SelfAssessment(TimestampedModel):
    """How well the trainee masters the course's objectives, in their own eyes, before the
    first half-day and after the last one: the gap is what the training brought."""

    registration = models.ForeignKey(
        "training.Registration",
        on_delete=models.CASCADE,
        related_name="self_assessments",
        verbose_name=_("registration"),
    )
    moment = models.CharField(_("when"), max_length=6, choices=Moment.choices)
    level = models.PositiveSmallIntegerField(
        _("mastery of the objectives"), choices=Level4.choices, validators=SCALE
    )

    objects = AnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "moment"],
                name="self_assessment_once_per_moment",
                violation_error_message=_("This self-assessment is already answered."),
            ),
            models.CheckConstraint(
                condition=models.Q(level__range=(1, 4)),
                name="self_assessment_on_the_scale",
                violation_error_message=_("The level is from 1 to 4."),
            ),
        ]
