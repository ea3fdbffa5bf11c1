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
