## Buttons under notifications sent from the outbox.

btn-talk-confirm = ✅ 属实
btn-talk-dispute = ✏️ 有异议
btn-open-review = 📝 审阅
btn-revise = ✏️ 修改
