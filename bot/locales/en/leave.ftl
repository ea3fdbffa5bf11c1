## Leave of absence (bot/services/leaves.py, handlers/leave.py).

cmd-leave = Record or correct a leave
leave-kind-sick = Sick leave
leave-kind-official = Official business
leave-kind-other = Other leave
leave-line = { $kind } { $start } to { $end } ({ $days } days){ $extended }
leave-line-extended = , period extended accordingly
leave-pick-case = Whose leave?
leave-title = Leave of { $case }:
leave-none = No leave recorded.
leave-new-button = ➕ Record a new leave
leave-correct-button = ✏️ Correct the leave from { $start }
leave-end-button = ⏹ End the leave from { $start } early
leave-ask-kind = { $name }: which kind of leave?
leave-ask-from = { $kind }: the first day (e.g. 5 Mar, 3/5, today)?
leave-ask-to = From { $start }. The last day (included)?
leave-ask-reason = The reason?
leave-ask-extend = { $days } days of leave. Extend the period by as much? (Steps due during the leave move to after it either way.)
leave-extend-yes = Extend the period by { $days } days
leave-extend-no = Keep the period as it is
leave-confirm =
    Please check the leave:
    Cadre: { $name }
    Kind: { $kind }
    Dates: { $start } to { $end }
    Reason: { $reason }
    Period extended: { $extend }
leave-ask-last = { $line }. The actual last day (the day before coming back)?
leave-confirm-end = End early: { $line }, now ending on { $last }?
leave-saved = ✅ Leave of { $name } saved: { $line }. The period ends on { $period_end }. No reminders during the leave.
leave-on-now = 🏖 On leave: { $line }
leave-plan-heading = Leave:
leave-error-end-before-start = The end cannot be before the start.
leave-error-outside-period = A leave must lie inside the period ({ $start } to { $end }).
leave-error-overlap = It overlaps the leave already recorded ({ $start } to { $end }): choose another date, or correct that one.
leave-error-not-found = That leave record was not found.
leave-error-not-earlier = To end early, the last day must be before { $end }.
leave-recorded-notice = Your leave is recorded: { $leave_kind ->
        [sick] sick leave
        [official] official business
       *[other] other leave
    }, { $start } to { $end }. No step reminders during the leave; steps due in it are moved to after it.{ $extended ->
        [yes] { " " }The period now ends on { $period_end }.
       *[no] { "" }
    }
leave-corrected-notice = Your leave is now: { $leave_kind ->
        [sick] sick leave
        [official] official business
       *[other] other leave
    }, { $start } to { $end }. The period ends on { $period_end }. Send /plan to see the plan.
audit-leave-recorded = leave recorded
audit-leave-corrected = leave corrected
dossier-leave-reason = Reason: { $reason }
export-sheet-leaves = Leave
export-col-leave = Leave no.
export-col-leave-kind = Kind of leave
export-col-starts-on = From
export-col-ends-on = To
export-col-days = Days
export-col-leave-reason = Reason
export-col-extends-period = Period extended
stats-on-leave = On leave now: { $count }
cli-leave-recorded = Leave #{ $id } saved: { $name }, { $line }; the period ends on { $period_end }.
cli-leave-row = #{ $id } recall no. { $case } { $name }: { $line }; reason: { $reason }
cli-leave-none = No leave recorded.
digest-on-leave = 🏖 On leave ({ $count }), no reminders meanwhile
digest-leave-line = • { $cadre }: { $kind }, { $start } to { $end }
