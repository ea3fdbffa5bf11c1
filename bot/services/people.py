"""People, roles, invites and the binding of Telegram accounts."""

from __future__ import annotations

import difflib
import hashlib
import secrets
from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

from bot.clock import Clock
from bot.i18n import LOCALES
from bot.services.audit import audit
from bot.services.catchup import queue_join_summary, tell_assigned
from bot.services.dates import DEFAULT_ZONE, resolve_zone
from bot.services.errors import DomainError
from bot.services.notices import Category, notify
from bot.services.working_time import SendWindow
from models import AuditEvent, Case, CaseAssignment, Invite, Notification, Person, RoleGrant
from models.enums import CaseStatus, DigestFrequency, NotificationStatus, Role

TOKEN_BYTES = 24  # 192 bits, 32 URL-safe characters
STALE_REMINDER = timedelta(days=1)
# Mentors and supervisors are one pool of staff: a name in either column means the same person.
STAFF = (Role.MENTOR, Role.SUPERVISOR)


async def namesake_for(name: str, role: Role) -> Person | None:
    """The person a name means for a role, never someone of that name in another capacity.

    One who holds the role (for mentors and supervisors: either of the two), else a bare
    record (no role, not enrolled, cadre of no case: an invite not yet used), else nobody.
    Two or more: the name is ambiguous, and the admin is asked to tell them apart. A cadre
    is never found by a staff role, nor a mentor by the cadre role."""
    name = name.strip()
    pool = set(STAFF if role in STAFF else (role,))
    people = await Person.filter(name=name).order_by("id").prefetch_related("roles")
    holders = [p for p in people if {grant.role for grant in p.roles} & pool]
    if not holders:
        cadres = set(await Case.filter(cadre__name=name).values_list("cadre_id", flat=True))
        holders = [
            p for p in people if not list(p.roles) and p.telegram_id is None and p.id not in cadres
        ]
    if len(holders) > 1:
        raise DomainError("error-name-ambiguous-role", name=name, count=len(holders))
    return holders[0] if holders else None


async def namesake_for_quietly(name: str, role: Role) -> Person | None:
    """namesake_for, with an ambiguous name counted as known (the save will ask)."""
    try:
        return await namesake_for(name, role)
    except DomainError as error:
        if error.key != "error-name-ambiguous-role":
            raise
        return Person(name=name)


async def close_names(name: str, role: Role, limit: int = 3) -> list[str] | None:
    """For a name typed for a role: None when it means someone already (namesake_for, an
    ambiguous name included: the save says so); else the names of people in the role's pool
    that look alike (difflib, best first), so a typo is not saved as a new person."""
    try:
        if await namesake_for(name, role) is not None:
            return None
    except DomainError:
        return None
    pool = STAFF if role in STAFF else (role,)
    names = await Person.filter(roles__role__in=pool).distinct().values_list("name", flat=True)
    typed = name.strip()
    alike = [str(n) for n in set(names) if looks_alike(typed, str(n))]
    alike.sort(
        key=lambda n: -difflib.SequenceMatcher(None, typed.casefold(), n.casefold()).ratio()
    )
    return alike[:limit]


def looks_alike(typed: str, known: str) -> bool:
    """A likely typo of a known name. Chinese names: the same surname and one character
    off (张伟 / 张纬, 李老帅 / 李老师; 陈老师 is not 李老师); others: a close spelling."""
    if typed == known or not typed or not known:
        return False
    if any("\u4e00" <= ch <= "\u9fff" for ch in typed + known):
        return typed[0] == known[0] and _one_off(typed, known)
    ratio = difflib.SequenceMatcher(None, typed.casefold(), known.casefold()).ratio()
    return ratio >= 0.8


def _one_off(a: str, b: str) -> bool:
    """One character replaced, added or removed."""
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    if len(long) - len(short) != 1:
        return False
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class PeopleService:
    def __init__(self, clock: Clock, invite_ttl_days: int = 7, zone: str = DEFAULT_ZONE) -> None:
        self.clock = clock
        self.invite_ttl = timedelta(days=invite_ttl_days)
        self.zone = zone

    async def for_role(self, name: str, role: Role) -> Person:
        """The person of this name in this role (see namesake_for), or a new record."""
        name = name.strip()
        if not name:
            raise DomainError("error-name-required")
        person = await namesake_for(name, role)
        return person or await Person.create(name=name, created_at=self.clock.now())

    async def invitee(self, name: str, role: Role) -> Person:
        """Who an invite by name is for: the person of that name in that role, or a new
        record; a name already taken by an account gets a new record too (the same human is
        merged back when they open the link with that account, a namesake stays apart)."""
        person = await self.for_role(name, role)
        if person.telegram_id is not None:
            return await Person.create(name=person.name, created_at=self.clock.now())
        return person

    async def grant(self, person: Person, role: Role) -> None:
        await RoleGrant.get_or_create(person=person, role=role)

    async def revoke(self, role: Role, name: str, *, case_id: int | None = None) -> Person:
        """Take a role away (or, with a case, take a mentor or supervisor off that case)."""
        if role == Role.CADRE:
            raise DomainError("error-cadre-role-stays")
        people = await Person.filter(name=name.strip(), roles__role=role).distinct()
        if not people:
            raise DomainError("error-person-not-found", name=name)
        if len(people) > 1:
            raise DomainError("error-name-ambiguous", name=name)
        person, now = people[0], self.clock.now()
        async with in_transaction():
            assignments = CaseAssignment.filter(person=person, role=role)
            before = {
                "roles": await RoleGrant.filter(person=person).values_list("role", flat=True),
                "cases": await assignments.values_list("case_id", flat=True),
            }
            case = None
            if case_id is not None:
                case = await Case.get_or_none(id=case_id)
                if case is None or not await assignments.filter(case_id=case_id).exists():
                    raise DomainError("error-case-not-found")
                await assignments.filter(case_id=case_id).delete()
            else:
                await assignments.delete()
                await RoleGrant.filter(person=person, role=role).delete()
            await audit(
                "person-role-revoked",
                now=now,
                case=case,
                subject=person,
                role=role,
                before=before,
                after={
                    "roles": await RoleGrant.filter(person=person).values_list("role", flat=True),
                    "cases": await assignments.values_list("case_id", flat=True),
                },
            )
        return person

    async def ensure_admin(self, telegram_id: int, name: str) -> Person:
        """The configured first admins exist and hold the admin role."""
        async with in_transaction():
            person = await Person.get_or_none(telegram_id=telegram_id)
            if person is None:
                person = await Person.create(
                    name=name, telegram_id=telegram_id, created_at=self.clock.now()
                )
            if not await RoleGrant.exists(person=person, role=Role.ADMIN):
                await self.grant(person, Role.ADMIN)
                await audit(
                    "admin-configured",
                    now=self.clock.now(),
                    subject=person,
                    telegram_id=telegram_id,
                    after={"roles": [Role.ADMIN]},
                )
            return person

    async def create_invite(
        self,
        role: Role,
        name: str,
        *,
        case_id: int | None = None,
        by: Person | None = None,
    ) -> tuple[str, Person]:
        """Make a single-use invite; returns the token (shown once) and the person."""
        now = self.clock.now()
        async with in_transaction():
            case = None
            if role == Role.CADRE:
                cases = Case.filter(cadre__name=name.strip())
                if case_id is not None:
                    cases = cases.filter(id=case_id)
                found = await cases.prefetch_related("cadre").order_by("-id")
                if len({c.cadre_id for c in found}) > 1:
                    raise DomainError("error-name-ambiguous", name=name)
                if case_id is not None and not found:
                    raise DomainError("error-case-not-found")
                if found:
                    case = found[0]
                    person = case.cadre
                else:
                    person = await self.invitee(name, role)
            else:
                if case_id is not None:
                    case = await Case.get_or_none(id=case_id)
                    if case is None:
                        raise DomainError("error-case-not-found")
                person = await self.invitee(name, role)
                if case is not None and role in (Role.MENTOR, Role.SUPERVISOR):
                    # An invite for a mentor or supervisor "of case N" puts them on it.
                    await CaseAssignment.get_or_create(case=case, person=person, role=role)
                    await self.grant(person, role)
            token = secrets.token_urlsafe(TOKEN_BYTES)
            invite = await Invite.create(
                token_hash=hash_token(token),
                role=role,
                person=person,
                case=case,
                created_at=now,
                expires_at=now + self.invite_ttl,
            )
            await audit(
                "invite-created",
                now=now,
                actor=by,
                case=case,
                subject=person,
                role=role,
                after={"invite": invite.id, "expires_at": invite.expires_at},
            )
        return token, person

    async def redeem(self, token: str, telegram_id: int, locale: str | None) -> Person:
        """Bind the Telegram account to the invited person and grant the role."""
        now = self.clock.now()
        async with in_transaction():
            invite = await Invite.get_or_none(token_hash=hash_token(token)).prefetch_related(
                "person"
            )
            if invite is None:
                raise DomainError("error-invite-unknown")
            if invite.used_at is not None:
                raise DomainError("error-invite-used")
            if invite.expires_at <= now:
                raise DomainError("error-invite-expired")
            person = invite.person
            assigned: list[tuple[int, int, Role]] | None = None  # set by a merge
            before = {"telegram_id": person.telegram_id, "invite_used_at": None}
            if person.telegram_id not in (None, telegram_id):
                # The invited person joined with another account: never hand their records over.
                raise DomainError("error-invite-person-taken")
            holder = await Person.get_or_none(telegram_id=telegram_id)
            if holder is not None and holder.id != person.id:
                if invite.role == Role.CADRE or await self._has_records(person):
                    # Someone else's invite (another cadre's case): nothing changes hands.
                    raise DomainError("error-invite-for-someone-else")
                # This account already belongs to someone: the invite adds a role to them.
                assigned = await self._merge(person, into=holder, now=now)
                person = holder
            person.telegram_id = telegram_id
            person.reachable = True
            if person.locale is None and locale in LOCALES:
                person.locale = locale
            await person.save()
            await self.grant(person, invite.role)
            if invite.role == Role.CADRE and invite.case_id is not None:
                await Case.filter(id=invite.case_id).update(cadre=person)
            invite.used_at = now
            await invite.save(update_fields=["used_at"])
            await audit(
                "invite-redeemed",
                now=now,
                actor=person,
                case=await Case.get_or_none(id=invite.case_id) if invite.case_id else None,
                subject=person,
                role=invite.role,
                invite=invite.id,
                before=before,
                after={"telegram_id": telegram_id, "invite_used_at": now},
            )
            await queue_join_summary(person, Role(invite.role), now, self.zone)
            if assigned is None:  # a first account: the case of the invite is theirs now
                assigned = (
                    [(invite.case_id, person.id, Role(invite.role))] if invite.case_id else []
                )
            # The cases the invite put them on (a cadre's own case is not "assigned").
            await tell_assigned(assigned, now, batch=f"invite-{invite.id}")
        return person

    @staticmethod
    async def _has_records(person: Person) -> bool:
        """A record of a cadre (their case) is never moved to another account."""
        return await Case.exists(cadre=person) or await RoleGrant.exists(
            person=person, role=Role.CADRE
        )

    async def _merge(
        self, source: Person, *, into: Person, now: datetime
    ) -> list[tuple[int, int, Role]]:
        """Move an invited staff record's roles and case assignments to the account that took
        the invite. Only a record with nothing of its own goes: never enrolled, no case
        (_has_records), nothing it did (it never acted without an account). Returns the
        assignments that are new to that account (case, person, role)."""
        moved: list[tuple[int, int, Role]] = []
        roles = [Role(grant.role) for grant in await RoleGrant.filter(person=source)]
        for role in roles:
            await self.grant(into, role)
        for assignment in await CaseAssignment.filter(person=source):
            exists = await CaseAssignment.exists(
                case_id=assignment.case_id,
                person=into,
                role=assignment.role,
            )
            if exists:
                await assignment.delete()
            else:
                assignment.person = into
                await assignment.save()
                moved.append((assignment.case_id, into.id, Role(assignment.role)))
        await Invite.filter(person=source).update(person=into)
        await source.delete()
        await audit(
            "person-merged",
            now=now,
            actor=into,
            subject=into,
            source=source.id,
            before={"person": source.id, "roles": roles},
            after={"person": into.id, "roles": roles},
        )
        return moved

    async def set_locale(self, person: Person, locale: str) -> None:
        if locale not in LOCALES:
            raise DomainError("error-unknown-locale")
        await self._set(person, "locale", locale)

    async def set_timezone(self, person: Person, typed: str) -> str:
        """Set a person's zone from what they typed (北京, Beijing, UTC+8, asia/shanghai);
        returns the IANA zone it means."""
        zone = resolve_zone(typed)
        if zone is None:
            raise DomainError("error-unknown-timezone", zone=typed.strip()[:60])
        await self._set(person, "timezone", zone)
        return zone

    async def set_digest(self, person: Person, frequency: DigestFrequency) -> None:
        await self._set(person, "digest", frequency)

    async def _set(self, person: Person, field: str, value: object) -> None:
        """One of a person's own settings, recorded with what it was."""
        before = getattr(person, field)
        setattr(person, field, value)
        async with in_transaction():
            await person.save(update_fields=[field])
            await audit(
                "person-setting-changed",
                now=self.clock.now(),
                actor=person,
                subject=person,
                before={field: before},
                after={field: value},
            )

    async def mark_reachable(self, person: Person, now: datetime) -> None:
        """Resume what was held for a person who unblocked the bot; reminders that went stale
        meanwhile are recorded as such (the ladder sends a current one)."""
        if person.reachable:
            return
        person.reachable = True
        await person.save(update_fields=["reachable"])
        paused = Notification.filter(person=person, status=NotificationStatus.PAUSED)
        await paused.filter(
            category__in=(Category.REMINDER.value, Category.ALERT.value),
            created_at__lt=now - STALE_REMINDER,
        ).update(status=NotificationStatus.FAILED, last_error="stale: held while unreachable")
        await paused.update(status=NotificationStatus.PENDING, not_before=now)
        await audit(
            "person-reachable",
            now=now,
            actor=person,
            subject=person,
            before={"reachable": False},
            after={"reachable": True},
        )


async def mark_unreachable(person: Person, now: datetime) -> bool:
    """Pause everything queued for a person who blocked the bot; True if newly marked."""
    if not person.reachable:
        return False
    person.reachable = False
    await person.save(update_fields=["reachable"])
    await Notification.filter(person=person, status=NotificationStatus.PENDING).update(
        status=NotificationStatus.PAUSED
    )
    await audit(
        "person-unreachable",
        now=now,
        actor=person,
        subject=person,
        before={"reachable": True},
        after={"reachable": False},
    )
    return True


UNREACHABLE_MESSAGE = "alert-person-unreachable"


async def blocked_the_bot(person: Person, now: datetime, window: SendWindow) -> bool:
    """The person blocked the bot: mark them unreachable and, once per episode (blocked, back,
    blocked again), tell their supervisors. True if they were newly marked."""
    newly = await mark_unreachable(person, now)
    if newly:
        epoch = await AuditEvent.filter(action="person-unreachable", actor=person).count()
        for supervisor in await supervisors_of(person):
            await notify(
                supervisor,
                UNREACHABLE_MESSAGE,
                now=now,
                not_before=window.next_for(supervisor.timezone, now),
                name=person.name,
                person_id=person.id,
                epoch=epoch,
            )
    return newly


async def supervisors_of(person: Person) -> list[Person]:
    """The supervisors of the active cases a person is the cadre or mentor of (else admins)."""
    mentored = CaseAssignment.filter(
        person_id=person.id, role=Role.MENTOR, case__status=CaseStatus.ACTIVE
    ).values_list("case_id", flat=True)
    own = Case.filter(cadre_id=person.id, status=CaseStatus.ACTIVE).values_list("id", flat=True)
    case_ids = set(await mentored) | set(await own)
    supervisor_ids = set(
        await CaseAssignment.filter(case_id__in=case_ids, role=Role.SUPERVISOR).values_list(
            "person_id", flat=True
        )
    )
    if not supervisor_ids:
        supervisor_ids = set(
            await RoleGrant.filter(role=Role.ADMIN).values_list("person_id", flat=True)
        )
    supervisor_ids.discard(person.id)
    return await Person.filter(
        id__in=supervisor_ids, telegram_id__not_isnull=True, reachable=True
    ).order_by("id")
