# branch forms2: nothing typed is lost, saving once, fixing mistakes, guard rails.

form-name-assess = assessment
form-name-attendance = attendance
form-name-talk_dispute = talk dispute
form-name-invite = invite
form-name-leave = leave of absence
form-name-newcase = new recall
form-name-outcome = conclusion of the recall
form-name-extend = period extension
form-name-reflect = self-reflection report
form-name-review = report review
form-name-session = training session
form-name-talk_settle = talk dispute settlement
form-name-steps = plan step change
form-name-talk = talk record
form-name-editcase = recall details

form-already-saved = ✅ This was saved already; nothing was saved twice.
form-switch-ask = You have an unfinished { $current }.
    Start the { $new } instead?
form-switch-stay = ↩️ Continue the current form
form-switch-new = 🆕 Discard it and start the new one
form-switch-kept = OK, the { $current } continues: please answer the question above.
form-switch-discarded = The unfinished form was discarded.
form-late-ask = The form timed out: the { $form } was idle for more than { $minutes } minutes, but what you just sent is kept.
    Continue the form with it?
form-late-keep = ✅ Continue with it
form-late-drop = 🗑 Discard
form-late-kept = OK, continuing with what you sent.
form-send-as-file = For a long text, save it as a file (Word, PDF or a picture) and send the file.
form-back = ◀ Back
form-change = ✏️ Change: { $field }
form-change-ask = Which one do you want to change?
form-fix-hint = After the change you come back to this summary.

form-warn-ask = Please check. Save it anyway?
form-warn-save = ⚠️ It is right, save anyway
warn-recall-period-over = With this recall date the management period ended on { $end }: the whole plan would be overdue.
warn-session-in-past = The start, { $start }, is already past: the people invited cannot attend.
warn-session-far-ahead = The start, { $start }, is more than a year ahead: please check the date.
warn-session-no-place = No place is given: the people invited will not know where to go.
warn-due-after-period-end = The new date is after the end of the management period, { $end }.

newcase-name-close = No { $role } named “{ $name }” was found. Did you mean one of these?
newcase-name-is = Yes: { $name }
newcase-name-new = New person: { $name }
newcase-new-people = 🆕 New people to be added: { $names }
form-change-one = ✏️ Change one item
