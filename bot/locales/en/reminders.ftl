## Reminders, alerts, digests and the notices the services queue (bot/services/*).
## Params arrive as queued: dates are already formatted by outbox.render_notification,
## step/role/session/placement/disposition codes are already translated.

## Escalation ladder

reminder-step-upcoming = ⏰ Reminder: { $own ->
        [yes] “{ $step }”
       *[no] { $step } for { $cadre }
    } is due on { $due }, in { $days ->
        [one] 1 day
       *[other] { $days } days
    }.
reminder-step-due = ⏰ Due today: { $own ->
        [yes] “{ $step }”
       *[no] { $step } for { $cadre }
    }, { $due }.
reminder-step-overdue = ⚠️ Overdue by { $days ->
        [one] 1 day
       *[other] { $days } days
    }: { $own ->
        [yes] “{ $step }”
       *[no] { $step } for { $cadre }
    }, due { $due }. Please complete and record it.
reminders-joined = 📌 { $count } reminders for you:
alert-step-due = { $step } for { $cadre } is due on { $due }; responsible: { $responsible }.
alert-step-overdue = ⚠️ { $step } for { $cadre } is { $days ->
        [one] 1 day
       *[other] { $days } days
    } overdue (due { $due }); responsible: { $responsible }. Please follow up.
alert-case-status =
    ⚠️ { $step } for { $cadre } is { $days ->
        [one] 1 day
       *[other] { $days } days
    } overdue (due { $due }); responsible: { $responsible }.
    Recall status: { $done }/{ $total } done, { $open } open, { $overdue } overdue.
alert-outcome-missing = ⚠️ The period of { $cadre } ended on { $end }; the outcome is { $days ->
        [one] 1 day
       *[other] { $days } days
    } overdue (due { $due }). Please record the final assessment and the outcome (reminder { $repeat }).
alert-person-unreachable = 🚫 { $name } has blocked the bot; their reminders are paused. Please reach them another way.

## Sent once, on joining: what is open for the person

join-summary = 📋 What needs your attention
join-summary-cadre = 📋 Welcome! Steps of your plan due soon ({ $count }):
join-summary-scope = 📋 Welcome! Overdue steps in the recalls you follow ({ $count }):
join-summary-line-own = • { $step }, { $due } ({ $when })
join-summary-line = • { $cadre }: { $step }, { $due } ({ $when })
join-when-overdue = overdue by { $days ->
        [one] 1 day
       *[other] { $days } days
    }
join-summary-on-leave = 🏖 You are on leave ({ $kind }, to { $end }): no step reminders until you are back; steps due meanwhile have been moved to after it.
join-when-on-leave = { $when }; on leave until { $end }, no reminders meanwhile
join-when-today = due today
join-when-ahead = in { $days ->
        [one] 1 day
       *[other] { $days } days
    }

## Digest (the text is assembled by digest.render_digest from the lines below)

digest = 📋 Supervisor digest
digest-title-weekly = 📋 Weekly digest · { $name }
digest-title-daily = 📋 Daily digest · { $name }
digest-title-now = 📋 Digest · { $name }
digest-period = { $since } – { $until }
digest-newly-overdue = ⚠️ Newly overdue ({ $count })
digest-due-soon = 📅 Due in the next 7 days ({ $count })
digest-talks = Talks ({ $count })
digest-reflections = Self-reflection reports ({ $count })
digest-attendance = Attendance ({ $count })
digest-awaiting-review = Self-reflection reports waiting for review ({ $count })
digest-progress = 📊 Progress ({ $count })
digest-step-line = • { $cadre }: { $what }, { $day }
digest-talk-line = • { $cadre }: { $day }, { $what }
digest-reflection-line = • { $cadre }: submitted { $day }
digest-attendance-line = • { $cadre }: { $what } ({ $day }) { $status }
digest-review-line = • { $cadre }: waiting since { $day }
digest-progress-line = • { $cadre }: { $done }/{ $total } done, { $open } open, { $overdue } overdue
digest-more = … and { $count } more
digest-no-cases = You have no active recalls.

## Progress chart

chart-title = Recall progress
chart-title-most-behind = Recall progress: the { $shown } of { $total } cadres most behind
chart-done = Done
chart-open = Open
chart-overdue = Overdue

## Coded values

placement-original_unit = back to the original unit
placement-other_unit = reassigned to another post
disposition-promoted = promoted
disposition-demoted = demoted
disposition-removed = removed from post
disposition-resigned = resigned
disposition-retired = retired
disposition-none = none

## Notices queued by the case and activity services

talk-confirm-request =
    { $mentor } recorded a talk with you on { $held_on }:
    { $voice ->
        [yes] 🎤 (voice summary) { $summary }
       *[no] { $summary }
    }
    Please confirm that the record is accurate.
talk-disputed =
    { $cadre } disputes the record of the talk on { $held_on }:
    { $comment }
    Please check it.
session-invitation =
    📅 You are invited to { $kind }: { $title }
    When: { $starts_at }
    Where: { $place }
reflection-to-review = { $cadre } submitted a self-reflection report (version { $version }). Please review it.
reflection-accepted = ✅ Your self-reflection report of { $submitted } was accepted. { $comment }
reflection-revision-requested =
    Your self-reflection report of { $submitted } needs changes:
    { $comment }
case-extended-notice = The period of { $cadre }'s recall is extended to { $months } months, ending { $end }. Later steps were moved accordingly.
case-closed-notice = { $cadre }'s recall is concluded: { $placement }; personnel change: { $disposition }.
case-assigned = 📂 { $count ->
        [one] A new recall is
       *[other] { $count } new recalls are
    } assigned to you:
case-assigned-line = • { $cadre } ({ $unit }), as { $role }
case-assigned-how = Send /case to see a recall in detail.
btn-view-case = View the recall

## notices2: sessions with their own date and place, the eve of a session, batched
## messages, the full talk record, a supervisor's reminder

reminder-session-step =
    📅 Your “{ $step }” has a session: { $session_title }
    When: { $session_at }
    Where: { $session_place }
    Please attend and check in; the organisers record attendance, you need not record it.
session-place-unknown = to be announced
reminder-session-tomorrow =
    ⏰ Coming up: { $kind }, { $title }
    When: { $starts_at }
    Where: { $place }
    Please be on time and check in with the QR code.
sessions-joined = 📅 You have { $count } sessions:
reminder-nudge = 🔔 { $by } reminds you: { $own ->
        [yes] your “{ $step }”
       *[no] “{ $step }” for { $cadre }
    } is not done yet (due { $due }). Please see to it.
talk-confirm-full =
    { $mentor } recorded a talk with you on { $held_on }:
    Where: { $place }
    What was said: { $voice ->
        [yes] 🎤 the voice note above
        [scan] 📎 the paper record above { $summary }
       *[no] { $summary }
    }
    Agreed measures: { $actions }
    Please confirm that the record is accurate.
talk-corrected =
    ✏️ { $mentor } corrected the record of the talk on { $held_on } ({ $changed }). Please confirm it again:
    Where: { $place }
    What was said: { $voice ->
        [yes] 🎤 voice summary
       *[no] { $summary }
    }
    Agreed measures: { $actions }
session-moved =
    📅 A session has changed: { $kind }, “{ $title }”
    Was: { $was_at }, { $was_place }
    Now: { $starts_at }
    Where: { $place }
session-cancelled =
    ❌ { $kind } “{ $title }” ({ $was_at }, { $was_place }) is cancelled. You will be told of the new date.
join-summary-sessions = 📅 Your sessions ({ $count }):
join-summary-session-line = • { $starts_at } { $kind } “{ $title }”, { $place }
