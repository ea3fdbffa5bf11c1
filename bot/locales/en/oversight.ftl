## Supervisors and admins: overdue steps, one case, digests, statistics, export,
## and the forms /waive, /reschedule, /outcome, /close, /extend, /newcase, /invite, /session.

## Labels of a case's facts (one place for each text). Step kinds, statuses, grades and
## attendance are in mentoring.ftl; placements and dispositions in reminders.ftl; yes/no,
## talk confirmations and reflection statuses in cli.ftl (export-*).

rank-county_or_above = county level or above
rank-section = section level
rank-staff = staff
category-party_building = party building
category-key_tasks = key tasks
category-assessment = assessment results
category-discipline = work discipline and style
reason-party_building_weak = weak party building
reason-strict_governance_lax = lax strict governance of the party
reason-poverty_alleviation = consolidating poverty-alleviation gains and advancing all-round rural revitalization not delivered
reason-environmental_protection = environmental protection not delivered
reason-key_task_other = other key task not delivered
reason-assessment_low = assessment results long lagging
reason-public_dissatisfaction = low public satisfaction
reason-work_discipline = breach of work discipline
reason-inaction = inaction
reason-slow_action = slow action
reason-indolence = indolence
reason-disunity = disunity in the leadership team

## Choosing a case in a form.

pick-case-matches = { $count ->
    [one] 1 cadre found:
   *[other] { $count } cadres found; choose one:
}
pick-case-no-match = No cadre in a management period matches "{ $query }". Type a name again, or send /cancel.

## /overdue

overdue-title = <b>Overdue steps</b> (as of { $today }, { $cases ->
    [one] 1 cadre
   *[other] { $cases } cadres
})
overdue-line = • { $step }: due { $due }, { $days ->
    [one] 1 day
   *[other] { $days } days
} overdue; responsible: { $role } { $who }
overdue-nobody = (nobody assigned)
overdue-none = As of { $today }, nothing is overdue in the recalls you follow.

## /case

case-usage = Choose a cadre, or send /case with a name (e.g. /case Zhang). { $count ->
    [one] 1 recall:
   *[other] { $count } recalls:
}
case-no-match = No recall you may see matches "{ $query }".
case-none-in-scope = There are no recalls you may see yet.
case-title = <b>{ $name }'s recall</b>
case-facts =
    Unit: { $unit }; position: { $position }
    Rank: { $rank }; principal: { $principal }
    Recall reason: { $category } / { $reason }
    Cohort: { $cohort }
case-period = Recalled on { $start }; { $months }-month period until { $end }
case-team = Mentors: { $mentors }; supervisors: { $supervisors }
case-acknowledged = Plan acknowledged: { $when }
case-not-acknowledged = Plan acknowledged: not yet
case-progress = Progress: { $done }/{ $total } done, { $open } open ({ $overdue } overdue), { $waived } waived
case-active = Status: in its management period
case-outcome = Status: concluded on { $day }; { $placement }; personnel change: { $disposition }
case-steps = <b>Plan</b>
case-step-line = { $icon } { $due } { $step } — { $status }{ $extra }
case-done-on = { " " }(done { $day })
case-note = ; reason: { $note }
case-late = { " " }(done late)
case-talks = <b>Heart-to-heart talks</b> ({ $count })
case-talk-line = • { $day } · { $mentor } · attitude { $attitude }/5 · { $answer }{ $late }
case-quote = { "   " }"{ $text }"
case-reflections = <b>Self-reflection reports</b> ({ $count })
case-reflection-line = • { $day } · { $versions ->
    [one] 1 version
   *[other] { $versions } versions
} · { $status }{ $late }
case-attendance = <b>Training and education</b> ({ $count })
case-attendance-line = • { $when } { $kind } "{ $title }" · { $status }
case-assessments = <b>Assessments</b> ({ $count })
case-assessment-line = • { $day } { $kind } · { $grade } · { $assessor }{ $late }
case-events = <b>History</b> ({ $count })
case-event-line = • { $when } { $actor }: { $action }
case-system = system
case-assess-hint = To record an assessment, use /assess.
case-action-waive = Waive a step
case-action-reschedule = Reschedule a step
case-action-outcome = Record the outcome
case-action-extend = Extend the period

audit-case-opened = recall started
audit-case-imported = imported
audit-plan-acknowledged = plan acknowledged
audit-step-waived = step waived
audit-step-rescheduled = step rescheduled
audit-case-extended = period extended
audit-case-closed = recall concluded
audit-person-role-revoked = role taken away
audit-invite-created = invite link made
audit-talk-recorded = talk recorded
audit-talk-answered = talk record answered
audit-reflection-submitted = self-reflection report submitted
audit-reflection-revised = self-reflection report revised
audit-reflection-reviewed = self-reflection report reviewed
audit-assessment-recorded = assessment recorded

## /digest_settings

digest-frequency-weekly = Weekly
digest-frequency-daily = Daily
digest-frequency-off = Off
digest-settings = Digest frequency: now "{ $current }". Choose:
digest-settings-saved = ✅ Digest frequency set to "{ $frequency }".

## /export

export-file-caption = 📊 Data export (as of { $day })

## /waive and /reschedule

steps-pick-case = Choose a cadre (or type a name):
steps-none-open = { $case } has no open steps.
steps-waive-pick-step = { $case }
    Which step do you waive?
steps-reschedule-pick-step = { $case }
    Which step do you reschedule?
steps-ask-reason = Step: { $step } (due { $due }).
    Please give the reason:
steps-ask-date = The new due date? Press a button or send a date (e.g. 15 Apr, 4/15), not before today.
steps-in-days = in { $days } days ({ $day })
steps-waive-confirm = <b>Please confirm the waiver</b>
    Cadre: { $case }
    Step: { $step } (due { $due })
    Reason: { $reason }
steps-reschedule-confirm = <b>Please confirm the new date</b>
    Cadre: { $case }
    Step: { $step }
    Was due: { $due }
    New date: { $new }
    Reason: { $reason }
steps-waived = ✅ Waived: "{ $step }" of { $case }.
    Reason: { $reason }
steps-rescheduled = ✅ Rescheduled: "{ $step }" of { $case }, from { $old } to { $new }.
    Reason: { $reason }

## /outcome and /close

outcome-pick-case = Whose recall outcome do you record? (or type a name)
outcome-ask-placement = { $case }
    Placement:
outcome-ask-disposition = Personnel change (if any):
outcome-confirm = <b>Please confirm the outcome</b>
    Cadre: { $case }
    Placement: { $placement }
    Personnel change: { $disposition }
    Concluded on: { $day }
    { $open ->
        [0] No plan step is left unfinished.
        [one] The 1 unfinished plan step will be marked waived.
       *[other] The { $open } unfinished plan steps will be marked waived.
    }
outcome-ask-early-reason =
    { $case }
    The outcome is normally recorded after the period ends (from { $opens }). Recording it now is an exception: please give the reason (it is kept in the audit trail).
outcome-early-note = ⚠️ Recorded early. Reason: { $reason }
outcome-saved = ✅ Recall concluded: { $case }
    Placement: { $placement }; personnel change: { $disposition }; concluded on { $day }.

## /extend

extend-pick-case = Whose period do you extend? (or type a name)
extend-ask-months = { $case }
    The period is { $months } months, until { $end }. Extend it to how many months?
period-months = { $months } months
extend-more = More than { $months } months
extend-ask-over = More than { $months } months needs an admin's reason. Send the new total number of months (e.g. 8):
extend-over-range = Please send a number of months from { $low } to { $high }.
extend-ask-reason = Extend to { $months } months. Please give the reason:
extend-ask-override-reason = Extend to { $months } months, past the 6-month limit. Please give the special reason:
extend-confirm = <b>Please confirm the extension</b>
    Cadre: { $case }
    Period: { $old } → { $months } months, until { $end }
    Reason: { $reason }
extend-override-note = ⚠️ Past 6 months: recorded as an exception.
extend-saved = ✅ Extended: { $case }, period { $old } → { $months } months, until { $end }.
extend-step-moved = • { $step }: { $old } → { $new }
extend-step-added = • added { $step }: { $new }

## /newcase

newcase-ask-name = Start a recall. The recalled cadre's name?
newcase-ask-unit = Unit?
newcase-ask-position = Position? (may be skipped)
newcase-ask-rank = Rank:
newcase-ask-principal = Was the cadre the principal (主要负责人)?
newcase-ask-category = Recall reason, category:
newcase-ask-reason = Recall reason:
newcase-ask-cohort = Cohort? Press an existing one, or send a new label (e.g. "2026-03 city batch"), or skip.
newcase-ask-recalled = Recall date? Press "Today" or send a date (e.g. 2 Mar, 3/2, yesterday).
newcase-ask-months = Length of the management period?
newcase-ask-mentors = Mentor name(s)? Separate several with commas (may be skipped).
newcase-ask-supervisors = Supervisor name(s)? Separate several with commas (may be skipped).
newcase-confirm = <b>Please confirm the new recall</b>
newcase-summary =
    Name: { $name }
    Unit: { $unit }; position: { $position }
    Rank: { $rank }; principal: { $principal }
    Recall reason: { $category } / { $reason }
    Cohort: { $cohort }
    Recalled on { $recalled }; { $months }-month period
    Mentors: { $mentors }
    Supervisors: { $supervisors }
newcase-saved = ✅ Recall started: { $case }; the period ends on { $end }.
    Plan:
newcase-plan-line = • { $step } × { $count }, first on { $first }
newcase-invite-hint = Press a button below to make an invite link for each person:

## /invite

invite-ask-role = An invite link for which role?
invite-ask-name = Role: { $role }. Send the person's name:
invite-ask-case = Several recalled cadres are called "{ $name }". Choose which one:
invite-confirm = <b>Please confirm the invite</b>
    Role: { $role }
    Name: { $name }{ $new }
    Recall: { $case }
invite-new-person = { " " }(not known yet: a new person will be created)
invite-button = Invite { $name } ({ $role })
invite-link = 🔗 Invite link for { $name } ({ $role }):
    { $link }
    Valid until { $expires }, for one use. Forward it to the person; opening it enrols them.

## /session

newsession-no-cases = No cadre is in a management period, so there is nobody to invite to a session.
newsession-ask-kind = What kind of session?
newsession-ask-title = Title of the session?
newsession-ask-day = Which day? Press a button or send a date (e.g. 15 Mar, 3/15, tomorrow). Today is { $today }.
newsession-tomorrow = Tomorrow
newsession-ask-time = { $day }: what time does it start? Press a button or send a time (e.g. 09:30).
newsession-expects-time = Please send a time like 09:30.
newsession-ask-length = Starting at { $start }: how long? Press a button or send the end time (e.g. 17:00).
newsession-hours = { $hours } h
newsession-ask-place = Place? (may be skipped)
newsession-ask-roster = Who attends? Press a name to add or remove it; a cohort button adds all its cadres in their period. { $count } chosen.
newsession-add-cohort = + whole cohort: { $cohort }
newsession-roster-done = Done ({ $count } chosen)
newsession-and-more = { " " }and { $count } more
newsession-confirm = <b>Please confirm the session</b>
    { $kind }: { $title }
    Time: { $start }–{ $end }
    Place: { $place }
    Attending ({ $count }): { $names }
newsession-saved = ✅ Scheduled { $kind }: { $title }
    Time: { $start }–{ $end }
    Place: { $place }
    Attending ({ $count }): { $names }
    The attendees have been told. At the session, send /checkin to show the check-in code.

## perf2: an admin's /digest covers the whole programme
digest-title-programme = 📋 Programme digest (every recall) · { $name }

## perf2: disputes in the digest (issue 10 point 15)
digest-disputes = ⚠️ Talk records the cadre disputes, not settled yet ({ $count })
digest-dispute-line = • { $cadre }: the talk with { $what } on { $day }{ $comment }
digest-dispute-comment = { "" }; the cadre says: “{ $comment }”

## Branch views2: /case as a summary with its parts behind buttons.

case-summary-title = <b>{ $name }</b> · { $unit }
case-summary-facts = { $position } · { $rank } · recalled for: { $category }{ $reason } · cohort: { $cohort }
case-summary-concluded = Status: concluded on { $day }; { $placement }{ $disposition }
case-next-step = Next: { $icon } { $step }, { $due }
case-part-s = 📋 Plan steps ({ $count })
case-part-t = 💬 Talks ({ $count })
case-part-r = 📝 Reports ({ $count })
case-part-a = 🎓 Training and assessments ({ $count })
case-part-q = 📊 Ready to conclude?
case-part-h = 🕘 History ({ $count })
case-part-back = ‹ Back to the summary
case-page = Page { $page } of { $pages }
case-page-gone = (The record changed: that page is gone; here is the last one.)
case-summary-disposition = ; { $disposition }
overdue-more = { "  " }… { $count } more overdue: press the button below
overdue-case-button = { $name } ({ $count } overdue)
invite-case-active = in progress
invite-case-concluded = concluded
invite-case = { $name } · { $unit } ({ $state })
