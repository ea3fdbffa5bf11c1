"""Tortoise ORM models of recallbot."""

from models.activity import (
    Assessment,
    Attendance,
    Reflection,
    ReflectionReview,
    ReflectionVersion,
    Talk,
    TrainingSession,
)
from models.case import Case, CaseAssignment, PlanStep, Unit
from models.chat_state import ConversationState, IncomingUpdate, ProcessedUpdate, StoredData
from models.draft import SavedDraft
from models.files import StoredFile
from models.invite import Invite
from models.lease import Lease
from models.leave import Leave
from models.outbox import AuditEvent, Notification
from models.person import Person, RoleGrant
from models.planned_talk import PlannedTalk

__all__ = [
    "Assessment",
    "Attendance",
    "AuditEvent",
    "Case",
    "CaseAssignment",
    "ConversationState",
    "IncomingUpdate",
    "Invite",
    "Lease",
    "Leave",
    "Notification",
    "Person",
    "PlanStep",
    "PlannedTalk",
    "ProcessedUpdate",
    "Reflection",
    "ReflectionReview",
    "ReflectionVersion",
    "RoleGrant",
    "SavedDraft",
    "StoredData",
    "StoredFile",
    "Talk",
    "TrainingSession",
    "Unit",
]
