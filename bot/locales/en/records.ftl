## Records: entered late vs done late, steps whose record does not stand, stale rosters, make-up sessions.

step-status-revision = to revise
step-status-disputed = disputed
plan-hint-revision = revise it and send it again (/reflect)
plan-hint-disputed = the mentor is looking into your objection
step-session = { " " }({ $when } · { $place })
case-entered-late = { " " }(entered late: more than { $days } days after)
export-col-done-late = Done late
export-col-entered-late = Entered late
export-col-planned-on = Planned on
export-col-settlement = Dispute settled
export-talk-settled = dispute settled
digest-flag-done_late = { " " }(done late)

digest-flag-entered_late = { " " }(entered late)
digest-unsettled = ✏️ Steps whose record does not stand ({ $count })
digest-unsettled-line = • { $cadre }: { $what }, { $day } · { $status }

attendance-conflict = ⚠️ Not saved: since you opened the roster, { $count } line(s) were marked by someone else:
attendance-conflict-line = • { $name }: now "{ $now }" ({ $by }); your "{ $yours }" was not saved
attendance-by-checkin = checked in by the cadre
attendance-conflict-help = This is the roster as it now stands, with your other changes still on it. Press "Save" again when it is right.

make-up-session-needed =
    📌 Make-up session needed: { $cadre } { $attendance ->
        [excused] was excused from
       *[absent] missed
    } "{ $title }" on { $starts_at }; "{ $step }" is still open (due { $due }).
    Please schedule a make-up session (/session): the cadre cannot record it.
reminder-session-overdue = ⚠️ Overdue by { $days ->
        [one] 1 day
       *[other] { $days } days
    }: “{ $step }”, due { $due }. The organisers schedule the sessions; you will be told the make-up date. Please attend it and check in.

btn-talk-settle = ✅ Dispute settled
talk-settle-ask = How was the objection to the record of the talk on { $day } settled (for example: checked with the cadre in person, record corrected)?
talk-settle-confirm = This will be recorded and the cadre told:
talk-settle-saved = ✅ Settlement recorded; { $cadre } has been told.
talk-settled =
    ✅ Your objection to the record of the talk on { $held_on } was settled by { $by }:
    { $settlement }
error-talk-not-disputed = This talk record has no objection waiting to be settled.
audit-talk-settled = dispute settled
record-saved-entered-late = 📝 Entered more than { $days } days after it happened: marked as entered late.
