## Errors raised by the services and the chat (one message each).

error-unexpected = Sorry, something went wrong. It has been logged; please try again later.
error-not-enrolled = You are not enrolled yet. Ask the organization department for an invite link and open it.
error-not-allowed = You are not allowed to do that.
error-stale-button = This button is no longer valid. Please start again.
error-case-not-found = Recall not found, or you may not see it.
error-case-closed = This recall is concluded and can no longer change.
error-step-not-found = Plan step not found.
error-step-not-open = That step is already done or waived.
error-already-checked-in = You have already checked in.
error-assessment-exists = That assessment has already been recorded.
error-attitude-range = The attitude score must be 1 to 5.
error-checkin-expired = This check-in code has expired. Scan the latest QR code in the room.
error-checkin-invalid = This check-in code is not valid.
error-checkin-outside-session = The session is not running now, so you cannot check in.
error-closed-before-recall = The conclusion date cannot be before the recall date.
error-date-before-recall = The date cannot be before the recall date.
error-date-in-future = The date cannot be later than today.
error-date-in-past = The date cannot be earlier than today.
error-window-not-open = This cannot be recorded yet: it opens on { $opens }.{ $admin ->
        [yes] { " " }To record it earlier, give a reason (it is kept in the audit trail).
       *[no] { " " }If it must be earlier, ask an admin.
    }
error-extend-not-longer = The new period must be longer than the current { $months } months.
error-invite-expired = This invite link has expired. Ask an admin for a new one.
error-invite-unknown = This invite link is not valid. Please check it.
error-invite-person-taken = The person this invite is for has joined with another Telegram account. Please ask an admin.
error-invite-used = This invite link has already been used.
error-name-ambiguous = Several people are called "{ $name }": give the recall number.
error-name-required = Please give a name.
error-no-active-case = You have no management period in progress.
error-not-on-roster = You are not on this session's roster.
error-override-reason-required = Going past 6 months needs an admin's reason.
error-period-out-of-range = The period must be 3 to 6 months (got { $months }).
error-plan-already-acknowledged = You have already acknowledged the plan.
error-reason-required = Please give a reason.
error-reflection-not-awaiting-review = This self-reflection report is not waiting for review.
error-reflection-not-awaiting-revision = This self-reflection report does not need a revision.
error-reflection-too-short = The self-reflection report is too short: at least { $minimum } characters.
error-roster-empty = The roster cannot be empty.
error-session-ends-before-start = The end must be after the start.
error-session-not-found = Session not found.
error-talk-already-answered = You have already answered about this talk.
error-text-required = Please type some text.
error-text-too-long = Too long ({ $length } characters); at most { $limit }.
error-unit-required = Please give the unit.
error-unknown-locale = That language is not supported.
error-unknown-plan-template = No plan template called "{ $name }".
error-unknown-reason = Unknown recall reason code "{ $reason }".
error-cadre-role-stays = The cadre role belongs to the recall and cannot be taken away; conclude the recall instead.
error-person-not-found = Nobody called "{ $name }" holds that role.
error-unknown-timezone = Unknown time zone "{ $zone }". Send a city or an offset from UTC, such as Beijing, Urumqi, Hong Kong, UTC+8 or Asia/Shanghai.

## Enrolment, help, language, time zone.

start-welcome = Welcome, { $name }! You are enrolled as: { $roles }.
    Send /help to see what you can do.
start-welcome-back = Hello, { $name }! Send /help to see what you can do.
start-no-invite = Hello! This is the cadre recall management assistant.
    You need an invite link to use it: ask the organization department for one.
start-resumed = Welcome back: reminders are on again.
help-title = <b>What you can do</b>
help-footer = In any form, send /cancel to stop.
lang-choose = Choose a language:
lang-set = Language set to English.
tz-current = Your time zone: { $zone }.
    Send /tz with a city or an offset to change it (e.g. /tz Beijing, /tz London, /tz UTC+8), or pick one:
tz-set = Time zone set to { $zone }.
private-chat-only = To protect personnel records, please use this bot in a private chat with it.
unknown-command = There is no such command. Send /help to see what you can do.
unexpected-text = I did not understand. Start with a command; /help lists them.
form-cancelled = Cancelled. Nothing was saved.
form-expired = The form timed out. Nothing was saved; please start again.
nothing-to-cancel = There is nothing to cancel.

role-admin = admin
role-supervisor = supervisor
role-mentor = mentor
role-cadre = recalled cadre

## Command menu descriptions (≤ 256 characters each).

cmd-start = Start / accept an invite
cmd-help = What you can do
cmd-lang = Change language
cmd-tz = Set your time zone
cmd-cancel = Cancel the current form
cmd-plan = My management plan
cmd-reflect = Submit a self-reflection report
cmd-talk = Record a heart-to-heart talk
cmd-attendance = Record session attendance
cmd-review = Review self-reflection reports
cmd-assess = Record an assessment
cmd-cases = The recalls I follow
cmd-checkin = Show a session check-in code
cmd-overdue = Overdue steps
cmd-case = One recall in detail
cmd-digest = Digest now
cmd-digest_settings = Digest frequency
cmd-stats = Programme statistics
cmd-export = Export spreadsheet
cmd-waive = Waive a step
cmd-reschedule = Reschedule a step
cmd-outcome = Record a recall's outcome
cmd-newcase = Start a recall
cmd-invite = Make an invite link
cmd-session = Schedule a session
cmd-sessions = Move or cancel a coming session
cmd-extend = Extend a period
cmd-close = Conclude a recall

## Forms: what a step expects, when the input was of another kind.

form-expects-text = Please send text.
form-expects-button = Please choose with the buttons above.
form-expects-date = That is not a date I can read. Please send a date such as 5 Mar or 3/5, or use the buttons.
form-expects-number = Please send a number.
form-expects-file = Please send text, a voice note, a photo or a file.
form-expects-confirm = Please press "Save" or "Cancel".
form-save = ✅ Save
form-discard = ✖️ Cancel
form-skip = Skip

checkin-done = ✅ Checked in ({ $time }).
checkin-late = ⏰ Checked in, late ({ $time }).
error-name-ambiguous-role = { $count } people could be meant by "{ $name }". Tell them apart in the name (for example with the unit in brackets), or revoke the one who should no longer hold the role.
error-invite-for-someone-else = This invite is for someone else, and your account is already enrolled: nothing was changed. Please ask an admin.
edit-ignored = Edited messages are not read: please send the new text as a new message.

## Branch views2: the home card on /start and the cadre's plan in two parts.

home-waiting-title = <b>Waiting for you</b> ({ $count })
home-waiting-more = { $count } more: deal with the ones above, then send /start again.
home-nothing-waiting = Nothing is waiting for you.
home-acknowledge = • Acknowledge your plan: read and acknowledge it by { $day } (/plan shows every step)
home-confirm-talk = • Confirm a talk record: { $day } · { $mentor } · at { $place }
    "{ $summary }"
home-revise = • Your self-reflection report ({ $day }) was sent back: revise it and send it again
home-review = • { $cadre } ({ $unit }): a self-reflection report to review (sent { $day })
home-settle = • { $cadre } ({ $unit }) disputes the record of the talk on { $day }
home-talk-confirm = ✅ Correct ({ $day })
home-talk-dispute = ✏️ Dispute ({ $day })
home-revise-button = ✏️ Revise the report ({ $day })
home-review-button = 📝 Review: { $cadre }
home-settle-button = ⚖️ Settle: { $cadre } ({ $day })
home-plan = <b>My recall</b>: { $unit }, { $start } to { $end }; { $done }/{ $total } steps done.
home-next-task = Your next step: { $step } ({ $due }, { $when })
plan-mine-title = <b>Your tasks</b>
plan-others-title = <b>With your mentor and the department</b> (they are responsible)
plan-responsible = { " " }· responsible: { $role } { $who }
plan-others-overdue = Besides, { $count } overdue are your mentor's or the department's, not yours.
plan-concluded = This recall was concluded on { $day }; its record stays here.
checkin-done-named = ✅ Checked in: "{ $title }" ({ $place }), { $time }.
checkin-late-named = ⏰ Checked in (late): "{ $title }" ({ $place }), { $time }.
checkin-none-today = No training or education session to check in to today.
checkin-next-session = Next: "{ $title }", { $start }.
checkin-pick-today = Which of today's sessions should show its check-in code?
checkin-qr-closed = <b>{ $title }</b>
    Check-in for this session is over.
question-offer = Shall I pass this question to your mentor?
    "{ $question }"
question-pass-button = 📨 Pass it to my mentor
question-keep-button = No, thanks
question-passed = 📨 Passed to { $mentors }; they will answer you soon.
question-kept = All right, not passed on.
question-gone = That question was dealt with or is gone: please send it again.
question-no-mentor = Your recall has no mentor yet: please contact the department.
cadre-question = ❓ { $cadre } ({ $unit }) asks you:
    "{ $question }"
audit-question-passed = question to the mentor
