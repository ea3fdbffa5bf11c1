## Reminders, alerts, digests and the notices the services queue (bot/services/*).
## Params arrive as queued: dates are already formatted by outbox.render_notification,
## step/role/session/placement/disposition codes are already translated.

## Escalation ladder

reminder-step-upcoming = ⏰ 提醒：{ $own ->
        [yes] 您的
       *[no] { $cadre } 的
    }“{ $step }”将于 { $due } 到期，还有 { $days } 天。
reminder-step-due = ⏰ 今天到期：{ $own ->
        [yes] 您的
       *[no] { $cadre } 的
    }“{ $step }”，截止 { $due }。
reminder-step-overdue = ⚠️ 已逾期 { $days } 天：{ $own ->
        [yes] 您的
       *[no] { $cadre } 的
    }“{ $step }”，原定 { $due }。请尽快完成并登记。
reminders-joined = 📌 您有 { $count } 项提醒：
alert-step-due = { $cadre } 的“{ $step }”将于 { $due } 到期，由{ $responsible }负责。
alert-step-overdue = ⚠️ { $cadre } 的“{ $step }”已逾期 { $days } 天（原定 { $due }），由{ $responsible }负责，请督促。
alert-case-status =
    ⚠️ { $cadre } 的“{ $step }”已逾期 { $days } 天（原定 { $due }），由{ $responsible }负责。
    管理进度：已完成 { $done }/{ $total }，未完成 { $open }，其中逾期 { $overdue }。
alert-outcome-missing = ⚠️ { $cadre } 的管理期已于 { $end } 结束，结果认定已逾期 { $days } 天（原定 { $due }）。请尽快登记期满考察和办结结果（第 { $repeat } 次提醒）。
alert-person-unreachable = 🚫 { $name } 已屏蔽本助手，发给他/她的提醒已暂停。请通过其他方式联系。

## Sent once, on joining: what is open for the person

join-summary = 📋 需要您关注的事项
join-summary-cadre = 📋 欢迎！您的管理计划中近期需要完成的事项（{ $count } 项）：
join-summary-scope = 📋 欢迎！您负责的干部中已逾期的事项（{ $count } 项）：
join-summary-line-own = • { $step }，{ $due }（{ $when }）
join-summary-line = • { $cadre }：{ $step }，{ $due }（{ $when }）
join-when-overdue = 已逾期 { $days } 天
join-summary-on-leave = 🏖 您目前离岗（{ $kind }，至 { $end }）：离岗期间不发送事项提醒，返岗后恢复；期间到期的事项已顺延到返岗之后。
join-when-on-leave = { $when }；本人离岗至 { $end }，期间不发提醒
join-when-today = 今天到期
join-when-ahead = 还有 { $days } 天

## Digest (the text is assembled by digest.render_digest from the lines below)

digest = 📋 督导摘要
digest-title-weekly = 📋 每周摘要 · { $name }
digest-title-daily = 📋 每日摘要 · { $name }
digest-title-now = 📋 当前摘要 · { $name }
digest-period = { $since } 至 { $until }
digest-newly-overdue = ⚠️ 新增逾期（{ $count }）
digest-due-soon = 📅 未来 7 天到期（{ $count }）
digest-talks = 谈心谈话（{ $count }）
digest-reflections = 思想汇报（{ $count }）
digest-attendance = 培训考勤（{ $count }）
digest-awaiting-review = 待审阅的思想汇报（{ $count }）
digest-progress = 📊 管理进度（{ $count }）
digest-step-line = • { $cadre }：{ $what }，{ $day }
digest-talk-line = • { $cadre }：{ $day }，{ $what }
digest-reflection-line = • { $cadre }：{ $day } 提交
digest-attendance-line = • { $cadre }：{ $what }（{ $day }）{ $status }
digest-review-line = • { $cadre }：{ $day } 起待审阅
digest-progress-line = • { $cadre }：完成 { $done }/{ $total }，未完成 { $open }，逾期 { $overdue }
digest-more = …另有 { $count } 项
digest-no-cases = 您目前没有负责的召回管理。

## Progress chart

chart-title = 管理进度
chart-title-most-behind = 管理进度：{ $total } 名干部中进度最落后的 { $shown } 名
chart-done = 已完成
chart-open = 未完成
chart-overdue = 已逾期

## Coded values

placement-original_unit = 回原单位
placement-other_unit = 交流任职
disposition-promoted = 提拔重用
disposition-demoted = 降职
disposition-removed = 免职
disposition-resigned = 辞职
disposition-retired = 退休
disposition-none = 无

## Notices queued by the case and activity services

talk-confirm-request =
    { $mentor } 登记了 { $held_on } 与您的谈心谈话：
    { $voice ->
        [yes] 🎤 （语音摘要）{ $summary }
       *[no] { $summary }
    }
    请确认记录是否属实。
talk-disputed =
    { $cadre } 对 { $held_on } 的谈话记录提出异议：
    { $comment }
    请核实。
session-invitation =
    📅 请参加{ $kind }：{ $title }
    时间：{ $starts_at }
    地点：{ $place }
reflection-to-review = { $cadre } 提交了思想汇报（第 { $version } 稿），请审阅。
reflection-accepted = ✅ 您 { $submitted } 提交的思想汇报已通过审阅。{ $comment }
reflection-revision-requested =
    您 { $submitted } 提交的思想汇报需要修改：
    { $comment }
case-extended-notice = { $cadre } 的管理期已延长至 { $months } 个月，截止 { $end }。后续事项已相应调整。
case-closed-notice = { $cadre } 的召回管理已办结：{ $placement }；人事变动：{ $disposition }。
case-assigned = 📂 有 { $count } 名干部的召回管理由您负责：
case-assigned-line = • { $cadre }（{ $unit }），您是{ $role }
case-assigned-how = 发送 /case 可查看管理情况。
btn-view-case = 查看管理情况

## notices2: sessions with their own date and place, the eve of a session, batched
## messages, the full talk record, a supervisor's reminder

reminder-session-step =
    📅 您的“{ $step }”已安排场次：{ $session_title }
    时间：{ $session_at }
    地点：{ $session_place }
    请按时参加并签到，出勤由组织方登记，无需您自己登记。
session-place-unknown = 待通知
reminder-session-tomorrow =
    ⏰ 培训提醒：请按时参加{ $kind }“{ $title }”
    时间：{ $starts_at }
    地点：{ $place }
    请按时到场并扫码签到。
sessions-joined = 📅 您有 { $count } 项培训安排：
reminder-nudge = 🔔 { $by } 提醒您：{ $own ->
        [yes] 您的
       *[no] { $cadre }的
    }“{ $step }”尚未完成（原定 { $due }），请尽快办理。
talk-confirm-full =
    { $mentor } 登记了 { $held_on } 与您的谈心谈话：
    地点：{ $place }
    谈话内容：{ $voice ->
        [yes] 🎤 见上方语音
        [scan] 📎 见上方纸质记录扫描件 { $summary }
       *[no] { $summary }
    }
    商定的改进措施：{ $actions }
    请确认记录是否属实。
talk-corrected =
    ✏️ { $mentor } 修改了 { $held_on } 的谈话记录（{ $changed }），请再次确认：
    地点：{ $place }
    谈话内容：{ $voice ->
        [yes] 🎤 语音摘要
       *[no] { $summary }
    }
    商定的改进措施：{ $actions }
session-moved =
    📅 培训安排有变：{ $kind }“{ $title }”
    原定：{ $was_at }，{ $was_place }
    现改为：{ $starts_at }
    地点：{ $place }
session-cancelled =
    ❌ { $kind }“{ $title }”（{ $was_at }，{ $was_place }）已取消。新的安排确定后会另行通知。
join-summary-sessions = 📅 您的培训安排（{ $count } 场）：
join-summary-session-line = • { $starts_at } { $kind }“{ $title }”，{ $place }
