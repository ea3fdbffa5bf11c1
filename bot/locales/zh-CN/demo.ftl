
## What the demo checks at the end.

demo-check-outcomes = 每位干部的召回管理都登记了办结结果
demo-check-reminded = 落后的干部在到期日和逾期后都收到了提醒
demo-check-mentor-told = 落后干部的帮带人收到了通知
demo-check-supervisor-alerted = 逾期 3 天和 7 天时督导收到了预警
demo-check-digests = 督导每周一都收到了摘要
demo-check-extended = 有一个管理期延长到了 4 个月
demo-check-waived = 督导免除了一项缺席的培训并写明理由
demo-check-late-flagged = 逾期完成的工作被接受并标记
demo-check-revised = 一份思想汇报被退回修改（两稿都保留）
demo-check-nothing-lost = 没有丢失：没有发送失败或仍待发送的通知
demo-check-schema = 发给 Telegram 的每个请求都符合 Bot API 规范
demo-failed = 演示：有 { $count } 项预期没有达到
demo-check-dossier = 督导从 /case 取得了一份档案 PDF（内嵌中文字体）
demo-check-leave = 一位干部离岗期间没有收到提醒，离岗期间到期的谈话顺延到返岗后完成
demo-check-early-reflection = 一位干部提前写的思想汇报已保存，只算它自己那一项（或不算），/plan 里能看到
demo-check-late-joiner = 一位晚加入的督导一加入就收到一条汇总，列出逾期事项，之后照常收到预警

## notices2
demo-check-one-tap = 帮带人从提醒上的“登记谈话”按钮直接登记了谈话，督导在预警上点“提醒本人”提醒了逾期的干部
## Branch views2.
demo-check-home-card = 干部点了“有异议”又取消后，仍在 /start 的待办卡片上确认了谈话记录
demo-check-case-summary = /case 先给出几行概要，计划事项和操作记录在按钮后面
demo-check-typed-dates = 帮带人像平时那样输入谈话日期（如“3月5日”“3/5”），都被正确接受
