"""What happens during a period: talks, sessions and attendance, reflections, assessments."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from models.enums import (
    AssessmentKind,
    AttendanceStatus,
    Grade,
    ReflectionStatus,
    ReviewDecision,
    SessionKind,
    TalkConfirmation,
)
from models.fields import UtcDatetimeField

if TYPE_CHECKING:
    from models.case import Case, PlanStep
    from models.person import Person


class Talk(Model):
    id = fields.IntField(primary_key=True)
    case: fields.ForeignKeyRelation[Case] = fields.ForeignKeyField(
        "models.Case", related_name="talks", on_delete=fields.CASCADE
    )
    mentor: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="talks_held", on_delete=fields.RESTRICT
    )
    step: fields.ForeignKeyNullableRelation[PlanStep] = fields.ForeignKeyField(
        "models.PlanStep", null=True, on_delete=fields.SET_NULL
    )
    held_on = fields.DateField()
    place = fields.CharField(max_length=200, default="")
    summary = fields.TextField(default="")
    voice_file_id = fields.CharField(max_length=200, null=True)
    attitude = fields.SmallIntField()
    actions = fields.TextField(default="")
    confirmation = fields.CharEnumField(TalkConfirmation, default=TalkConfirmation.PENDING)
    cadre_comment = fields.TextField(default="")
    # How a disputed record was settled with the cadre (confirmation is then "settled").
    settlement = fields.TextField(default="")
    settled_at = UtcDatetimeField(null=True)
    late = fields.BooleanField(default=False)  # done late: held after the step's due date
    entered_late = fields.BooleanField(default=False)  # recorded LATE_ENTRY_DAYS after
    recorded_at = UtcDatetimeField(db_index=True)
    case_id: int
    mentor_id: int

    class Meta:
        table = "talk"
        indexes = (("case_id",), ("step_id",))


class TrainingSession(Model):
    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(SessionKind)
    title = fields.CharField(max_length=200)
    place = fields.CharField(max_length=200, default="")
    starts_at = UtcDatetimeField()
    ends_at = UtcDatetimeField()
    checkin_secret = fields.CharField(max_length=64)
    created_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", null=True, on_delete=fields.SET_NULL
    )
    created_at = UtcDatetimeField()
    created_by_id: int | None

    class Meta:
        table = "training_session"


class Attendance(Model):
    """One roster line of a session (status stays empty until recorded)."""

    id = fields.IntField(primary_key=True)
    session: fields.ForeignKeyRelation[TrainingSession] = fields.ForeignKeyField(
        "models.TrainingSession", related_name="roster", on_delete=fields.CASCADE
    )
    case: fields.ForeignKeyRelation[Case] = fields.ForeignKeyField(
        "models.Case", related_name="attendance", on_delete=fields.CASCADE
    )
    status = fields.CharEnumField(AttendanceStatus, null=True)
    checked_in_at = UtcDatetimeField(null=True)
    recorded_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", null=True, on_delete=fields.SET_NULL
    )
    recorded_at = UtcDatetimeField(null=True, db_index=True)
    # The plan step this attendance fulfilled, so a correction can give it back.
    step: fields.ForeignKeyNullableRelation[PlanStep] = fields.ForeignKeyField(
        "models.PlanStep", null=True, on_delete=fields.SET_NULL
    )
    done_late = fields.BooleanField(default=False)  # the session was after the step's due date
    entered_late = fields.BooleanField(default=False)  # marked LATE_ENTRY_DAYS after it
    case_id: int
    session_id: int
    step_id: int | None

    class Meta:
        table = "attendance"
        unique_together = (("session", "case"),)
        indexes = (("case_id",),)


class Reflection(Model):
    id = fields.IntField(primary_key=True)
    case: fields.ForeignKeyRelation[Case] = fields.ForeignKeyField(
        "models.Case", related_name="reflections", on_delete=fields.CASCADE
    )
    step: fields.ForeignKeyNullableRelation[PlanStep] = fields.ForeignKeyField(
        "models.PlanStep", null=True, on_delete=fields.SET_NULL
    )
    status = fields.CharEnumField(ReflectionStatus, default=ReflectionStatus.SUBMITTED)
    late = fields.BooleanField(default=False)
    created_at = UtcDatetimeField(db_index=True)
    updated_at = UtcDatetimeField()
    case_id: int

    versions: fields.ReverseRelation[ReflectionVersion]

    class Meta:
        table = "reflection"
        indexes = (("case_id",), ("step_id",))


class ReflectionVersion(Model):
    id = fields.IntField(primary_key=True)
    reflection: fields.ForeignKeyRelation[Reflection] = fields.ForeignKeyField(
        "models.Reflection", related_name="versions", on_delete=fields.CASCADE
    )
    number = fields.SmallIntField()
    text = fields.TextField(default="")
    file_id = fields.CharField(max_length=200, null=True)
    file_kind = fields.CharField(max_length=16, null=True)
    file_name = fields.CharField(max_length=200, null=True)
    submitted_at = UtcDatetimeField()

    class Meta:
        table = "reflection_version"
        unique_together = (("reflection", "number"),)


class ReflectionReview(Model):
    id = fields.IntField(primary_key=True)
    reflection: fields.ForeignKeyRelation[Reflection] = fields.ForeignKeyField(
        "models.Reflection", related_name="reviews", on_delete=fields.CASCADE
    )
    reviewer: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", on_delete=fields.RESTRICT
    )
    version = fields.SmallIntField()
    decision = fields.CharEnumField(ReviewDecision)
    comment = fields.TextField(default="")
    created_at = UtcDatetimeField()

    class Meta:
        table = "reflection_review"


class Assessment(Model):
    id = fields.IntField(primary_key=True)
    case: fields.ForeignKeyRelation[Case] = fields.ForeignKeyField(
        "models.Case", related_name="assessments", on_delete=fields.CASCADE
    )
    step: fields.ForeignKeyNullableRelation[PlanStep] = fields.ForeignKeyField(
        "models.PlanStep", null=True, on_delete=fields.SET_NULL
    )
    kind = fields.CharEnumField(AssessmentKind)
    grade = fields.CharEnumField(Grade)
    comments = fields.TextField(default="")
    recommendation = fields.TextField(default="")
    assessor: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", on_delete=fields.RESTRICT
    )
    assessed_on = fields.DateField()
    late = fields.BooleanField(default=False)  # done late: after the step's due date
    entered_late = fields.BooleanField(default=False)  # recorded LATE_ENTRY_DAYS after
    recorded_at = UtcDatetimeField()

    class Meta:
        table = "assessment"
        indexes = (("case_id",),)
