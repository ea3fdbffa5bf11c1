## Labels for enum values, shared by every flow (one place for each text).

step-kind-acknowledge = Acknowledge the plan
step-kind-talk = Heart-to-heart talk
step-kind-education = Party-spirit education
step-kind-training = Special training
step-kind-reflection = Self-reflection report
step-kind-assessment_mid = Mid-period assessment
step-kind-assessment_final = Final assessment
step-kind-decision = Outcome decision
step-label-final_summary = final summary
step-with-label = { $step } ({ $label })
step-status-planned = planned
step-status-due = due
step-status-overdue = overdue
step-status-done = done
step-status-done_late = done late
step-status-waived = waived
grade-excellent = Excellent (优秀)
grade-competent = Competent (称职)
grade-basically_competent = Basically competent (基本称职)
grade-incompetent = Incompetent (不称职)
assessment-kind-mid = { step-kind-assessment_mid }
assessment-kind-final = { step-kind-assessment_final }
attendance-present = present
attendance-late = late
attendance-absent = absent
attendance-excused = excused
attendance-none = not marked
session-kind-training = { step-kind-training }
session-kind-education = { step-kind-education }

## Shared pieces of the forms.

pick-no-cases = You have no cadre in a management period to act on.
day-today = Today
day-yesterday = Yesterday
form-expects-voice = Please send text or a voice note.
file-kind-voice = 🎤 Voice note
file-kind-photo = 🖼 Photo
file-kind-document = 📄 File
record-saved-late = ⚠️ Later than the planned date: marked as done late.

## Cadre: the plan.

plan-title = <b>My management plan</b>
    { $unit } · period { $start } to { $end }
plan-progress = Progress: { $done }/{ $total } steps done, { $overdue } overdue
plan-not-acknowledged = ⚠️ You have not acknowledged this plan yet: read it, then press the button below.
plan-acknowledged = You acknowledged this plan on { $time }.
plan-step = { $icon } { $due } { $step } — { $status }{ $when }
plan-days-left = { $days ->
    [one] 1 day left
   *[other] { $days } days left
}
plan-due-today = due today
plan-days-overdue = { $days ->
    [one] 1 day overdue
   *[other] { $days } days overdue
}
plan-done-on = done { $day }
plan-acknowledge-button = ✅ Acknowledge the plan
plan-acknowledge-done = ✅ Plan acknowledged ({ $time }).
plan-extra-title = ➕ Also on record (kept, counting for no step of the plan):
plan-extra-line = • { $day } { $kind }

## Cadre: answering a talk record.

talk-confirmed = ✅ You confirmed the record of the talk on { $day }.
talk-dispute-ask = Briefly, what is wrong in the record of your talk with { $mentor } on { $day }?
talk-dispute-confirm = This objection will be sent:
    { $comment }
talk-dispute-saved = ✅ Objection sent; { $mentor } will be told.

## Cadre: reflections.

reflect-choose = { $count ->
    [one] A self-reflection report was sent back for changes. Choose:
   *[other] { $count } self-reflection reports were sent back for changes. Choose:
}
reflect-sent-back-line = • Submitted { $day }; reviewer's comment: { $comment }
reflect-new-button = 📝 Write a new self-reflection report
reflect-revise-button = ✏️ Revise the one of { $day }
reflect-ask-content = Send your self-reflection report: text (at least { $minimum } characters), a voice note, a photo or a file.
reflect-ask-revision = Revising the self-reflection report submitted { $day } (version { $version }).
    Reviewer's comment: { $comment }
    Send the revised content: text (at least { $minimum } characters), a voice note, a photo or a file.
reflect-confirm-new = Submit this self-reflection report?
    { $content }
reflect-confirm-revision = Submit this revision?
    { $content }
reflect-saved = ✅ Self-reflection report submitted (version { $version }). Your mentor will be asked to review it.
reflect-saved-late = ⚠️ Submitted after the planned date: marked as done late.

## Mentor: talks.

talk-pick-case = Who did you talk with?
talk-ask-date = When was the talk with { $name }? Press a button or send a date (e.g. 5 Mar, 3/5, yesterday).
talk-ask-place = Date: { $day }. Where was the talk?
talk-ask-summary = A summary of the talk? Send text or a voice note.
talk-ask-attitude = How was { $name }'s attitude? (1 = very poor, 5 = very good)
talk-ask-actions = What actions did you agree on?
talk-summary-voice = 🎤 voice note
talk-confirm = Please check the talk record:
    Cadre: { $name }
    Date: { $day }
    Place: { $place }
    Summary: { $summary }
    Attitude: { $attitude }/5
    Agreed actions: { $actions }
talk-saved = ✅ Talk saved ({ $day }); { $name } has been asked to confirm it.

## Mentor and admin: attendance.

attendance-no-sessions = There is no recent session to mark.
attendance-pick-session = Which session?
attendance-empty-roster = None of your cadres is on this session's roster.
attendance-roster-help = Press a name to switch: present → late → absent → excused. Then press "Save".
attendance-all-present = 👥 All present (marked ones stay)
attendance-nothing-changed = Nothing to change.
attendance-nothing-marked = Mark at least one person.
attendance-saved = ✅ Attendance saved:

## Mentor: reviewing reflections.

review-none = No self-reflection report is waiting for review.
review-pick = Self-reflection reports waiting for review ({ $count }):
review-item = { $name } · { $day } · v{ $version }
review-show = Self-reflection report of <b>{ $name }</b> (version { $version }, submitted { $time })
review-text = { $text }
review-decide = Your decision:
review-accept-button = ✅ Accept
review-revise-button = ✏️ Ask for a revision
review-ask-comment = What should be changed?
review-confirm-accept = Accept the self-reflection report of { $name } (version { $version })?
review-confirm-revise = Send the self-reflection report of { $name } (version { $version }) back for a revision?
    Comment: { $comment }
review-saved-accept = ✅ Self-reflection report of { $name } (version { $version }) accepted.
review-saved-revise = ✅ Self-reflection report of { $name } (version { $version }) sent back; they will be told.

## Assessments.

assess-pick-case = Whom are you assessing?
assess-all-done = Both assessments of { $name } are already recorded.
assess-ask-kind = { $name }: which assessment?
assess-ask-early-reason = The final assessment is normally made in the last week of the period (from { $opens }). Recording it now is an exception: please give the reason (it is kept in the audit trail).
assess-ask-grade = The grade?
assess-ask-comments = Grade: { $grade }. Your comments?
assess-ask-recommendation = Your recommendation (e.g. back to the original unit, another post)?
assess-confirm = Please check the assessment:
    Cadre: { $name }
    Assessment: { $kind }
    Grade: { $grade }
    Comments: { $comments }
    Recommendation: { $recommendation }
assess-saved = ✅ { $kind } of { $name } recorded: { $grade } ({ $day }).

## Mentor: my cases.

cases-none = You follow no recalls.
cases-title = <b>The recalls I follow</b> ({ $count })
cases-line = { $icon } { $name } · { $unit }
    　progress { $done }/{ $total }, { $overdue } overdue, period ends { $end }
cases-not-acknowledged = 　⚠️ plan not acknowledged yet

## Training check-in.

checkin-no-sessions = No session today or later.
checkin-pick-session = Show the check-in code of which session?
checkin-caption = <b>{ $title }</b>
    { $start }–{ $end }
    Scan the QR code or open the link to check in:
    { $link }
    Valid until { $until }; it changes every 5 minutes.
checkin-refresh = 🔄 New code
checkin-session-over = This session is over.

## notices2: correcting a talk record, a supervisor's reminder, the plan from a reminder

talk-field-place = Place
talk-field-summary = What was said
talk-field-actions = Agreed measures
talk-correct-ask-field = Correct the record of the talk with { $name } on { $day }: which part?
talk-correct-ask-value =
    { $field } was:
    { $before }
    Send the corrected text:
talk-correct-confirm =
    { $field }
    from: { $before }
    to: { $after }
    After saving, { $name } is asked to confirm it again.
talk-correct-saved = ✅ Talk record corrected; { $name } is asked to confirm it again.
talk-correct-unchanged = That is what the record says already: nothing changed.
nudge-sent = 🔔 Reminder sent ({ $count }). It will not be sent again today.
nudge-already-today = They were reminded today already; you can remind them again tomorrow.
nudge-step-closed = That step is done or waived: no reminder needed.
plan-who-records = ℹ️ Your mentor records talks and the organisers record attendance; send self-reflection reports with /reflect.
talk-ask-summary-or-scan = A summary of the talk? Send text or a voice note; for a paper record, send its photo or scan (with a caption if you like).
form-expects-record = Please send text, a voice note, or a photo or scan of the paper record.
