## Records: entered late vs done late, steps whose record does not stand, stale rosters, make-up sessions.

step-status-revision = 待修改
step-status-disputed = 有异议
plan-hint-revision = 请按意见修改后重新提交（/reflect）
plan-hint-disputed = 异议待帮带人处理
step-session = （{ $when } · { $place }）
case-entered-late = （补录：事后超过 { $days } 天登记）
export-col-done-late = 逾期完成
export-col-entered-late = 补录
export-col-planned-on = 原定日期
export-col-settlement = 异议处理
export-talk-settled = 异议已处理
digest-flag-done_late = （逾期完成）

digest-flag-entered_late = （补录）
digest-unsettled = ✏️ 记录未落实的步骤（{ $count }）
digest-unsettled-line = • { $cadre }：{ $what }，{ $day } · { $status }

attendance-conflict = ⚠️ 未保存：打开名单后，有 { $count } 人的考勤已被他人登记：
attendance-conflict-line = • { $name }：现为“{ $now }”（{ $by }），您标记的“{ $yours }”未保存
attendance-by-checkin = 本人扫码签到
attendance-conflict-help = 下面是现在的名单，您的其他改动仍在。确认后请再点击“确认保存”。

make-up-session-needed =
    📌 需要补训：{ $cadre } { $attendance ->
        [excused] 请假
       *[absent] 缺席
    }了 { $starts_at } 的“{ $title }”，“{ $step }”尚未完成（原定 { $due }）。
    请安排补训场次（/session），本人无法自行登记。
reminder-session-overdue = ⚠️ 已逾期 { $days } 天：您的“{ $step }”，原定 { $due }。培训由组织方安排，补训时间确定后会通知您，届时请按时参加并签到。

btn-talk-settle = ✅ 异议已处理
talk-settle-ask = 请说明 { $day } 谈话记录的异议是如何处理的（例如：已与本人当面核实并更正记录）：
talk-settle-confirm = 将记录以下处理结果，并通知本人：
talk-settle-saved = ✅ 已记录异议处理结果，已通知 { $cadre }。
talk-settled =
    ✅ 您对 { $held_on } 谈话记录提出的异议已由 { $by } 处理：
    { $settlement }
error-talk-not-disputed = 这条谈话记录没有待处理的异议。
audit-talk-settled = 处理谈话异议
record-saved-entered-late = 📝 事后超过 { $days } 天才登记，已标记为补录。
