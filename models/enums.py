"""Enumerations shared by the models and the services."""

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    SUPERVISOR = "supervisor"
    MENTOR = "mentor"
    CADRE = "cadre"


class Rank(StrEnum):
    COUNTY_OR_ABOVE = "county_or_above"
    SECTION = "section"
    STAFF = "staff"


class CaseStatus(StrEnum):
    ACTIVE = "active"
    CLOSED = "closed"


class StepKind(StrEnum):
    ACKNOWLEDGE = "acknowledge"
    TALK = "talk"
    EDUCATION = "education"
    TRAINING = "training"
    REFLECTION = "reflection"
    ASSESSMENT_MID = "assessment_mid"
    ASSESSMENT_FINAL = "assessment_final"
    DECISION = "decision"


class StepStatus(StrEnum):
    PLANNED = "planned"
    DUE = "due"
    OVERDUE = "overdue"
    DONE = "done"
    DONE_LATE = "done_late"
    WAIVED = "waived"
    # Shown, never stored: a step whose record does not stand (bot/services/standing.py).
    REVISION = "revision"  # its reflection was sent back for revision
    DISPUTED = "disputed"  # its talk record is disputed by the cadre


OPEN_STEP_STATUSES = (StepStatus.PLANNED, StepStatus.DUE, StepStatus.OVERDUE)


class Placement(StrEnum):
    ORIGINAL_UNIT = "original_unit"
    OTHER_UNIT = "other_unit"


class Disposition(StrEnum):
    PROMOTED = "promoted"
    DEMOTED = "demoted"
    REMOVED = "removed"
    RESIGNED = "resigned"
    RETIRED = "retired"


class SessionKind(StrEnum):
    TRAINING = "training"
    EDUCATION = "education"


class AttendanceStatus(StrEnum):
    PRESENT = "present"
    LATE = "late"
    ABSENT = "absent"
    EXCUSED = "excused"


class TalkConfirmation(StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    DISPUTED = "disputed"
    SETTLED = "settled"  # disputed, then settled with the cadre (Talk.settlement says how)


class ReflectionStatus(StrEnum):
    SUBMITTED = "submitted"
    REVISION_REQUESTED = "revision_requested"
    ACCEPTED = "accepted"


class ReviewDecision(StrEnum):
    ACCEPT = "accept"
    REVISE = "revise"


class AssessmentKind(StrEnum):
    MID = "mid"
    FINAL = "final"


class Grade(StrEnum):
    EXCELLENT = "excellent"
    COMPETENT = "competent"
    BASICALLY_COMPETENT = "basically_competent"
    INCOMPETENT = "incompetent"


class DigestFrequency(StrEnum):
    WEEKLY = "weekly"
    DAILY = "daily"
    OFF = "off"


class NotificationStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    UNCERTAIN = "uncertain"
    PAUSED = "paused"
    DROPPED = "dropped"  # not sent on purpose (done meanwhile, overtaken, not joined): why


class LeaveKind(StrEnum):
    SICK = "sick"
    OFFICIAL = "official"
    OTHER = "other"
