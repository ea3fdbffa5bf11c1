
## What the demo checks at the end.

demo-check-outcomes = every recall was concluded with an outcome
demo-check-reminded = the lagging cadre was reminded on the due day and when overdue
demo-check-mentor-told = the lagging cadre's mentor was told
demo-check-supervisor-alerted = the supervisor was alerted at 3 and 7 days overdue
demo-check-digests = the supervisor received a weekly digest every Monday
demo-check-extended = a period was extended to 4 months
demo-check-waived = a missed training was waived with a reason
demo-check-late-flagged = late work was accepted and flagged
demo-check-revised = a self-reflection report was revised (two versions kept)
demo-check-nothing-lost = nothing was lost: no notification failed or is left pending
demo-check-schema = every request to Telegram matched the Bot API schema
demo-failed = demo: { $count } expectation(s) not met
demo-check-dossier = the supervisor took a dossier PDF from /case (Chinese font embedded)
demo-check-leave = a cadre on leave got no reminders, and the talk due during the leave was held after it
demo-check-early-reflection = a cadre's early self-reflection report was kept, counted for no other step, and /plan showed it
demo-check-late-joiner = a supervisor invited late got one summary of the overdue steps on joining, then the alerts as usual

## notices2
demo-check-one-tap = a mentor recorded a talk straight from the reminder's "Record the talk" button, and the supervisor pressed "Remind them" under an alert about an overdue cadre
## Branch views2.
demo-check-home-card = A cadre who pressed "Dispute" and then /cancel still confirmed the talk record from /start's home card
demo-check-case-summary = /case gives a few lines of summary first, with the plan steps and history behind its buttons
demo-check-typed-dates = Mentors typed talk days as people do (“5 Mar”, “March 5”), and each was taken right
