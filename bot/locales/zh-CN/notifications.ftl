## Buttons under notifications sent from the outbox.

btn-talk-confirm = ✅ 属实
btn-talk-dispute = ✏️ 有异议
btn-open-review = 📝 审阅
btn-revise = ✏️ 修改

## notices2: one tap from a reminder or an alert to its action

btn-submit-reflection = 📝 提交思想汇报
btn-record-talk = 🗣 登记谈话
btn-my-plan = 📋 我的管理计划
btn-view = 🔍 查看
btn-nudge = 🔔 提醒本人
btn-talk-correct = ✏️ 修改记录
btn-talk-keep = ✅ 维持原记录
