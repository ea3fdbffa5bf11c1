"""People, roles, invites and the binding of Telegram accounts."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from zoneinfo import ZoneInfoNotFoundError, available_timezones

from tortoise.transactions import in_transaction

from bot.clock import Clock
from bot.i18n import LOCALES
from bot.services.calendar_cn import DEFAULT_ZONE
from bot.services.catchup import queue_join_summary
from bot.services.errors import DomainError
from bot.services.journal import audit
from bot.services.notices import Category
from models import Case, CaseAssignment, Invite, Notification, Person, RoleGrant
from models.enums import DigestFrequency, NotificationStatus, Role

TOKEN_BYTES = 24  # 192 bits, 32 URL-safe characters
STALE_REMINDER = timedelta(days=1)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class PeopleService:
    def __init__(self, clock: Clock, invite_ttl_days: int = 7, zone: str = DEFAULT_ZONE) -> None:
        self.clock = clock
        self.invite_ttl = timedelta(days=invite_ttl_days)
        self.zone = zone

    async def find_or_create(self, name: str) -> Person:
        name = name.strip()
        if not name:
            raise DomainError("error-name-required")
        person = await Person.filter(name=name).order_by("id").first()
        return person or await Person.create(name=name, created_at=self.clock.now())

    async def invitee(self, name: str, role: Role) -> Person:
        """Who an invite by name is for: the person of that name who holds the role, or one
        who has not joined yet; a name already taken by an account gets a new record (the same
        human is merged back when they open the link, a namesake stays apart)."""
        name = name.strip()
        if not name:
            raise DomainError("error-name-required")
        namesakes = await Person.filter(name=name).order_by("id").prefetch_related("roles")
        for person in namesakes:
            if role in {grant.role for grant in person.roles}:
                return person
        for person in namesakes:
            if person.telegram_id is None:
                return person
        return await Person.create(name=name, created_at=self.clock.now())

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
            case = None
            if case_id is not None:
                case = await Case.get_or_none(id=case_id)
                if case is None or not await assignments.filter(case_id=case_id).exists():
                    raise DomainError("error-case-not-found")
                await assignments.filter(case_id=case_id).delete()
            else:
                await assignments.delete()
                await RoleGrant.filter(person=person, role=role).delete()
            await audit("person-role-revoked", now=now, case=case, person=person.id, role=role)
        return person

    async def ensure_admin(self, telegram_id: int, name: str) -> Person:
        """The configured first admins exist and hold the admin role."""
        async with in_transaction():
            person = await Person.get_or_none(telegram_id=telegram_id)
            if person is None:
                person = await Person.create(
                    name=name, telegram_id=telegram_id, created_at=self.clock.now()
                )
            await self.grant(person, Role.ADMIN)
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
            await Invite.create(
                token_hash=hash_token(token),
                role=role,
                person=person,
                case=case,
                created_at=now,
                expires_at=now + self.invite_ttl,
            )
            await audit(
                "invite-created", now=now, actor=by, case=case, role=role, person=person.id
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
            if person.telegram_id not in (None, telegram_id):
                # The invited person joined with another account: never hand their records over.
                raise DomainError("error-invite-person-taken")
            holder = await Person.get_or_none(telegram_id=telegram_id)
            if holder is not None and holder.id != person.id:
                # This account already belongs to someone: the invite adds a role to them.
                await self._merge(person, into=holder)
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
            await audit("invite-redeemed", now=now, actor=person, role=invite.role)
            await queue_join_summary(person, Role(invite.role), now, self.zone)
        return person

    async def _merge(self, source: Person, *, into: Person) -> None:
        """Move an invited person's roles and cases to the account that took the invite."""
        for grant in await RoleGrant.filter(person=source):
            await self.grant(into, Role(grant.role))
        await Case.filter(cadre=source).update(cadre=into)
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
        await Invite.filter(person=source).update(person=into)
        if source.telegram_id is None:
            # Never enrolled, so nothing was recorded by them: the empty record goes.
            await source.delete()

    async def set_locale(self, person: Person, locale: str) -> None:
        if locale not in LOCALES:
            raise DomainError("error-unknown-locale")
        person.locale = locale
        await person.save(update_fields=["locale"])

    async def set_timezone(self, person: Person, zone: str) -> None:
        try:
            known = zone in available_timezones()
        except ZoneInfoNotFoundError:  # pragma: no cover - tzdata is a dependency
            known = False
        if not known:
            raise DomainError("error-unknown-timezone", zone=zone)
        person.timezone = zone
        await person.save(update_fields=["timezone"])

    async def set_digest(self, person: Person, frequency: DigestFrequency) -> None:
        person.digest = frequency
        await person.save(update_fields=["digest"])

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
        await audit("person-reachable", now=now, actor=person)


async def mark_unreachable(person: Person, now: datetime) -> bool:
    """Pause everything queued for a person who blocked the bot; True if newly marked."""
    if not person.reachable:
        return False
    person.reachable = False
    await person.save(update_fields=["reachable"])
    await Notification.filter(person=person, status=NotificationStatus.PENDING).update(
        status=NotificationStatus.PAUSED
    )
    await audit("person-unreachable", now=now, actor=person)
    return True
