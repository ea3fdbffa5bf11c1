## Buttons under notifications sent from the outbox.

btn-talk-confirm = ✅ Correct
btn-talk-dispute = ✏️ Dispute
btn-open-review = 📝 Review
btn-revise = ✏️ Revise
