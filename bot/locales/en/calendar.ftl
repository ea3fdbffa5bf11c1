## Working days: the calendar's coverage (/status, recallbot status) and due dates moved off days off.

cmd-status = Bot status (working-day calendar)
status-title = Status
status-skip-holidays-on = Working days only: on (a due date on a weekend or holiday moves to the next working day; reminders go out on working days)
status-skip-holidays-off = Working days only: off (every day counts, SKIP_HOLIDAYS=false)
status-calendar-file = Calendar file: { $path }
status-calendar-file-none = Calendar file: none (CALENDAR_FILE)
status-year-file = ✅ { $year }: from the calendar file
status-year-official = ✅ { $year }: the State Council's schedule (with make-up working days)
status-year-estimated = ⚠️ { $year }: statutory holidays by rule only; make-up working days unknown
status-year-none = ⚠️ { $year }: no holidays known; Monday to Friday only
status-calendar-advice = Add that year's official holidays and make-up working days to the calendar file (CALENDAR_FILE); see the operator guide.
plan-moved = { " " }(moved from { $day }, a day off)
step-moved-note = { $day } is a day off: moved to { $due }.
