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

## notices2: /sessions, moving or cancelling a coming session

sessions-none = 没有即将举行的培训场次。
sessions-pick = 即将举行的培训（{ $count } 场）：点击场次改期，或点“取消”。
sessions-cancel-button = ❌ 取消
sessions-ask-day = “{ $title }”原定 { $was }。改到哪一天？请发送日期（如 3月20日）。
sessions-ask-time = 改到 { $day }，几点开始？请发送时间（如 09:30）。
sessions-confirm-move = 将把“{ $title }”改到 { $when }，并通知名单上的 { $count } 人。
sessions-confirm-cancel = 将取消“{ $title }”（原定 { $was }），并通知名单上的 { $count } 人。
sessions-moved = ✅ “{ $title }”已改到 { $when }，已通知 { $count } 人。
sessions-cancelled = ✅ “{ $title }”已取消，已通知 { $count } 人。
session-change-started = 该场次已经开始或结束，不能改期或取消。
session-change-has-attendance = 该场次已登记出勤，不能改期或取消。
