## Buttons under notifications sent from the outbox.

btn-talk-confirm = ✅ Correct
btn-talk-dispute = ✏️ Dispute
btn-open-review = 📝 Review
btn-revise = ✏️ Revise

## notices2: one tap from a reminder or an alert to its action

btn-submit-reflection = 📝 Submit self-reflection report
btn-record-talk = 🗣 Record the talk
btn-my-plan = 📋 My plan
btn-view = 🔍 View
btn-nudge = 🔔 Remind them
btn-talk-correct = ✏️ Correct the record
btn-talk-keep = ✅ Keep the record

## notices2: /sessions, moving or cancelling a coming session

sessions-none = No session is coming up.
sessions-pick = Coming sessions ({ $count }): tap one to move it, or “Cancel”.
sessions-cancel-button = ❌ Cancel
sessions-ask-day = “{ $title }” was set for { $was }. Move it to which day? Send a date (like 20 Mar).
sessions-ask-time = Moved to { $day }: what time does it start? Send a time (like 09:30).
sessions-confirm-move = “{ $title }” moves to { $when }; the { $count } people on its roster are told.
sessions-confirm-cancel = “{ $title }” ({ $was }) is cancelled; the { $count } people on its roster are told.
sessions-moved = ✅ “{ $title }” moved to { $when }; { $count } people told.
sessions-cancelled = ✅ “{ $title }” cancelled; { $count } people told.
session-change-started = That session has started or is over: it cannot be moved or cancelled.
session-change-has-attendance = Attendance is recorded for that session: it cannot be moved or cancelled.
