## Errors raised by the services and the chat (one message each).

error-unexpected = 抱歉，处理时出了问题，已记录。请稍后再试。
error-not-enrolled = 您还没有登记。请向组织部门工作人员索取邀请链接，点击后即可使用。
error-not-allowed = 您没有权限进行此操作。
error-stale-button = 这个按钮已失效，请重新发起操作。
error-case-not-found = 找不到这位干部的召回管理，或您无权查看。
error-case-closed = 这项召回管理已办结，不能再修改。
error-step-not-found = 找不到该计划事项。
error-step-not-open = 该事项已完成或已免除。
error-already-checked-in = 您已经签到过了。
error-assessment-exists = 该阶段的考察已经登记过了。
error-attitude-range = 态度评分须为 1 到 5。
error-checkin-expired = 签到码已过期，请扫描现场最新的二维码。
error-checkin-invalid = 签到码无效。
error-checkin-outside-session = 现在不在培训时间内，无法签到。
error-closed-before-recall = 办结日期不能早于召回日期。
error-date-before-recall = 日期不能早于召回日期。
error-date-in-future = 日期不能晚于今天。
error-date-in-past = 日期不能早于今天。
error-window-not-open = 现在还不能登记：这一事项自 { $opens } 起方可登记。{ $admin ->
        [yes] 如确需提前登记，请注明理由（将记入操作记录）。
       *[no] 如确需提前，请联系管理员。
    }
error-extend-not-longer = 延长后的期限须超过当前的 { $months } 个月。
error-invite-expired = 邀请链接已过期，请联系管理员重新发送。
error-invite-unknown = 邀请链接无效，请核对后重试。
error-invite-person-taken = 该邀请对应的人员已用另一个 Telegram 账号登记，请联系管理员。
error-invite-used = 该邀请链接已被使用。
error-name-ambiguous = 有多人名为“{ $name }”，请注明管理编号加以区分。
error-name-required = 请填写姓名。
error-no-active-case = 您目前没有进行中的管理期。
error-not-on-roster = 您不在本次培训的名单中。
error-override-reason-required = 超过 6 个月须由管理员填写理由。
error-period-out-of-range = 管理期须为 3 到 6 个月（收到 { $months }）。
error-plan-already-acknowledged = 您已确认过管理计划。
error-reason-required = 请填写理由。
error-reflection-not-awaiting-review = 这份思想汇报不在待审阅状态。
error-reflection-not-awaiting-revision = 这份思想汇报不需要修改。
error-reflection-too-short = 思想汇报内容太短，至少需要 { $minimum } 个字。
error-roster-empty = 名单不能为空。
error-session-ends-before-start = 结束时间须晚于开始时间。
error-session-not-found = 找不到该培训场次。
error-talk-already-answered = 您已经回复过这次谈话记录。
error-text-required = 请输入文字内容。
error-text-too-long = 内容太长（{ $length } 字），最多 { $limit } 字。
error-unit-required = 请填写单位。
error-unknown-locale = 不支持该语言。
error-unknown-plan-template = 找不到计划模板“{ $name }”。
error-unknown-reason = 未知的召回原因代码“{ $reason }”。
error-cadre-role-stays = 召回干部身份随其召回管理存在，不能单独取消；请办结召回管理。
error-person-not-found = 找不到具有该身份的“{ $name }”。
error-unknown-timezone = 未知的时区“{ $zone }”。请发送城市名或与 UTC 的时差，如：北京、乌鲁木齐、香港、UTC+8、Asia/Shanghai。

## Enrolment, help, language, time zone.

start-welcome = 欢迎，{ $name }！您已登记为：{ $roles }。
    发送 /help 查看可用的命令。
start-welcome-back = { $name }，您好！发送 /help 查看可用的命令。
start-no-invite = 您好！这是干部召回管理助手。
    使用前需要一个邀请链接，请向组织部门工作人员索取。
start-resumed = 欢迎回来，提醒已恢复发送。
help-title = <b>可用的命令</b>
help-footer = 表单中随时可发送 /cancel 取消。
lang-choose = 请选择语言：
lang-set = 已切换为中文。
tz-current = 当前时区：{ $zone }。
    发送 /tz 加城市名或时差可更改（如 /tz 北京、/tz 乌鲁木齐、/tz UTC+8），或选择：
tz-set = 时区已设为 { $zone }。
private-chat-only = 为保护人事信息，请在与本机器人的私聊中使用。
unknown-command = 没有这个命令。发送 /help 查看可用的命令。
unexpected-text = 我没有看懂。请使用命令开始操作，发送 /help 查看。
form-cancelled = 已取消，未保存任何内容。
form-expired = 表单已超时，未保存任何内容。请重新开始。
nothing-to-cancel = 当前没有进行中的操作。

role-admin = 管理员
role-supervisor = 督导
role-mentor = 帮带人
role-cadre = 召回干部

## Command menu descriptions (≤ 256 characters each).

cmd-start = 开始使用 / 接受邀请
cmd-help = 查看可用的命令
cmd-lang = 切换语言
cmd-tz = 设置时区
cmd-cancel = 取消当前操作
cmd-plan = 我的管理计划
cmd-reflect = 提交思想汇报
cmd-talk = 登记谈心谈话
cmd-attendance = 登记培训考勤
cmd-review = 审阅思想汇报
cmd-assess = 登记考察结果
cmd-cases = 我负责的召回干部
cmd-checkin = 显示培训签到码
cmd-overdue = 逾期事项
cmd-case = 查看管理情况
cmd-digest = 立即获取摘要
cmd-digest_settings = 摘要频率
cmd-stats = 项目统计
cmd-export = 导出数据表
cmd-waive = 免除某事项
cmd-reschedule = 调整某事项日期
cmd-outcome = 登记办结结果
cmd-newcase = 启动召回管理
cmd-invite = 生成邀请链接
cmd-session = 安排培训/教育
cmd-sessions = 调整或取消已安排的场次
cmd-extend = 延长管理期
cmd-close = 办结召回管理

## Forms: what a step expects, when the input was of another kind.

form-expects-text = 请发送文字。
form-expects-button = 请点击上方的按钮进行选择。
form-expects-date = 没有看懂这个日期。请发送日期，如 3月5日 或 3/5，也可以点击按钮。
form-expects-number = 请发送一个数字。
form-expects-file = 请发送文字、语音、图片或文件。
form-expects-confirm = 请点击“确认保存”或“取消”。
form-save = ✅ 确认保存
form-discard = ✖️ 取消
form-skip = 跳过

checkin-done = ✅ 签到成功（{ $time }）。
checkin-late = ⏰ 已签到（迟到，{ $time }）。
error-name-ambiguous-role = “{ $name }”可能指 { $count } 个人，无法确定是谁。请在姓名中加以区分（例如在括号中注明单位），或取消不应再担任该身份者的身份。
error-invite-for-someone-else = 此邀请是发给其他人的，而您的账号已经登记：未作任何更改。请联系管理员。
edit-ignored = 修改过的消息不会被读取：请把新内容作为一条新消息发送。

## Branch views2: the home card on /start and the cadre's plan in two parts.

home-waiting-title = <b>待您处理</b>（{ $count } 项）
home-waiting-more = 另有 { $count } 项，处理完上面的再发送 /start 查看。
home-nothing-waiting = 目前没有待您处理的事项。
home-acknowledge = • 确认管理计划：请于 { $day } 前阅读并确认（/plan 查看全部事项）
home-confirm-talk = • 请确认谈话记录：{ $day } · { $mentor } · 地点 { $place }
    　“{ $summary }”
home-revise = • 思想汇报（{ $day } 提交）已退回修改，请按意见修改后重新提交
home-review = • { $cadre }（{ $unit }）的思想汇报待审阅（{ $day } 提交）
home-settle = • { $cadre }（{ $unit }）对 { $day } 的谈话记录有异议，待您处理
home-talk-confirm = ✅ 属实（{ $day }）
home-talk-dispute = ✏️ 有异议（{ $day }）
home-revise-button = ✏️ 修改思想汇报（{ $day }）
home-review-button = 📝 审阅：{ $cadre }
home-settle-button = ⚖️ 处理异议：{ $cadre }（{ $day }）
home-plan = <b>我的召回管理</b>：{ $unit }，{ $start } 至 { $end }；已完成 { $done }/{ $total } 项。
home-next-task = 您的下一项：{ $step }（{ $due }，{ $when }）
plan-mine-title = <b>您的事项</b>
plan-others-title = <b>与帮带人和组织部门一起的事项</b>（由对方负责）
plan-responsible = { " " }· 负责：{ $role } { $who }
plan-others-overdue = 另有帮带人等负责的逾期 { $count } 项，不计入您的逾期。
plan-concluded = 本次召回管理已于 { $day } 办结，记录仍可查看。
checkin-done-named = ✅ 签到成功：“{ $title }”（{ $place }），{ $time }。
checkin-late-named = ⏰ 已签到（迟到）：“{ $title }”（{ $place }），{ $time }。
checkin-none-today = 今天没有需要签到的培训或教育场次。
checkin-next-session = 下一场：“{ $title }”，{ $start }。
checkin-pick-today = 请选择今天要显示签到码的场次：
checkin-qr-closed = <b>{ $title }</b>
    本场签到已结束。
question-offer = 要把这个问题转给您的帮带人吗？
    “{ $question }”
question-pass-button = 📨 转给帮带人
question-keep-button = 不用了
question-passed = 📨 已转给 { $mentors }，对方会尽快答复您。
question-kept = 好的，没有转发。
question-gone = 这个问题已处理过或已不在，请重新发送。
question-no-mentor = 您的召回管理还没有指定帮带人，请联系组织部门。
cadre-question = ❓ { $cadre }（{ $unit }）向您提问：
    “{ $question }”
audit-question-passed = 向帮带人提问
