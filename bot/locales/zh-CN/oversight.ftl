## Supervisors and admins: overdue steps, one case, digests, statistics, export,
## and the forms /waive, /reschedule, /outcome, /close, /extend, /newcase, /invite, /session.

## Labels of a case's facts (one place for each text). Step kinds, statuses, grades and
## attendance are in mentoring.ftl; placements and dispositions in reminders.ftl; yes/no,
## talk confirmations and reflection statuses in cli.ftl (export-*).

rank-county_or_above = 县处级及以上
rank-section = 乡科级
rank-staff = 科员及以下
category-party_building = 党建工作
category-key_tasks = 重点任务
category-assessment = 考核评价
category-discipline = 工作纪律与作风
reason-party_building_weak = 抓党建工作不力
reason-strict_governance_lax = 落实全面从严治党不力
reason-poverty_alleviation = 巩固拓展脱贫攻坚成果、推进乡村全面振兴不力
reason-environmental_protection = 生态环保工作不力
reason-key_task_other = 其他重点任务推进不力
reason-assessment_low = 考核排名长期靠后
reason-public_dissatisfaction = 群众满意度低
reason-work_discipline = 违反工作纪律
reason-inaction = 不作为
reason-slow_action = 慢作为
reason-indolence = 懒政怠政
reason-disunity = 班子不团结

## Choosing a case in a form.

pick-case-matches = 找到 { $count } 位干部，请选择：
pick-case-no-match = 没有找到与“{ $query }”相符、管理期中的干部。请重新输入姓名，或发送 /cancel 取消。

## /overdue

overdue-title = <b>逾期事项</b>（截至 { $today }，涉及 { $cases } 名干部）
overdue-line = • { $step }：应于 { $due } 完成，已逾期 { $days } 天；负责：{ $role } { $who }
overdue-nobody = （未指定）
overdue-none = 截至 { $today }，您负责的范围内没有逾期事项。

## /case

case-usage = 请选择干部，或发送 /case 加姓名（如 /case 张伟）。共 { $count } 名：
case-no-match = 没有找到与“{ $query }”相符、且您有权查看的召回管理。
case-none-in-scope = 您目前没有可以查看的召回管理。
case-title = <b>{ $name } 的召回管理</b>
case-facts =
    单位：{ $unit }；职务：{ $position }
    职级：{ $rank }；主要负责人：{ $principal }
    召回原因：{ $category } / { $reason }
    批次：{ $cohort }
case-period = 召回日期 { $start }，管理期 { $months } 个月，至 { $end }
case-team = 帮带人：{ $mentors }；督导：{ $supervisors }
case-acknowledged = 计划确认：{ $when }
case-not-acknowledged = 计划确认：尚未确认
case-progress = 进度：已完成 { $done }/{ $total }，未完成 { $open }（逾期 { $overdue }），免除 { $waived }
case-active = 状态：管理期中
case-outcome = 状态：已于 { $day } 办结；{ $placement }；人事变动：{ $disposition }
case-steps = <b>计划事项</b>
case-step-line = { $icon } { $due } { $step } — { $status }{ $extra }
case-done-on = （{ $day } 完成）
case-note = ；理由：{ $note }
case-late = （逾期完成）
case-talks = <b>谈心谈话</b>（{ $count }）
case-talk-line = • { $day } · { $mentor } · 态度 { $attitude }/5 · { $answer }{ $late }
case-quote = 　“{ $text }”
case-reflections = <b>思想汇报</b>（{ $count }）
case-reflection-line = • { $day } · 共 { $versions } 稿 · { $status }{ $late }
case-attendance = <b>培训与教育</b>（{ $count }）
case-attendance-line = • { $when } { $kind }“{ $title }” · { $status }
case-assessments = <b>考察</b>（{ $count }）
case-assessment-line = • { $day } { $kind } · { $grade } · { $assessor }{ $late }
case-events = <b>操作记录</b>（{ $count }）
case-event-line = • { $when } { $actor }：{ $action }
case-system = 系统
case-assess-hint = 登记考察结果请用 /assess。
case-action-waive = 免除事项
case-action-reschedule = 调整日期
case-action-outcome = 登记办结结果
case-action-extend = 延长管理期

audit-case-opened = 启动召回管理
audit-case-imported = 批量导入
audit-plan-acknowledged = 确认管理计划
audit-step-waived = 免除事项
audit-step-rescheduled = 调整事项日期
audit-case-extended = 延长管理期
audit-case-closed = 办结召回管理
audit-person-role-revoked = 取消身份
audit-invite-created = 生成邀请链接
audit-talk-recorded = 登记谈心谈话
audit-talk-answered = 回复谈话记录
audit-reflection-submitted = 提交思想汇报
audit-reflection-revised = 修改思想汇报
audit-reflection-reviewed = 审阅思想汇报
audit-assessment-recorded = 登记考察结果

## /digest_settings

digest-frequency-weekly = 每周
digest-frequency-daily = 每天
digest-frequency-off = 关闭
digest-settings = 摘要频率：目前为“{ $current }”。请选择：
digest-settings-saved = ✅ 摘要频率已设为“{ $frequency }”。

## /export

export-file-caption = 📊 数据导出（截至 { $day }）

## /waive and /reschedule

steps-pick-case = 请选择干部（也可以输入姓名）：
steps-none-open = { $case } 没有未完成的事项。
steps-waive-pick-step = { $case }
    请选择要免除的事项：
steps-reschedule-pick-step = { $case }
    请选择要调整日期的事项：
steps-ask-reason = 事项：{ $step }（应于 { $due }）。
    请填写理由：
steps-ask-date = 新的到期日期？点击按钮，或发送日期（如 4月15日、4/15），不能早于今天。
steps-in-days = { $days } 天后（{ $day }）
steps-waive-confirm = <b>请确认免除</b>
    干部：{ $case }
    事项：{ $step }（应于 { $due }）
    理由：{ $reason }
steps-reschedule-confirm = <b>请确认调整日期</b>
    干部：{ $case }
    事项：{ $step }
    原日期：{ $due }
    新日期：{ $new }
    理由：{ $reason }
steps-waived = ✅ 已免除：{ $case } 的“{ $step }”。
    理由：{ $reason }
steps-rescheduled = ✅ 已调整：{ $case } 的“{ $step }”由 { $old } 改为 { $new }。
    理由：{ $reason }

## /outcome and /close

outcome-pick-case = 请选择要登记办结结果的干部（也可以输入姓名）：
outcome-ask-placement = { $case }
    去向：
outcome-ask-disposition = 人事变动（如有）：
outcome-confirm = <b>请确认办结</b>
    干部：{ $case }
    去向：{ $placement }
    人事变动：{ $disposition }
    办结日期：{ $day }
    尚未完成的 { $open } 项计划事项将标记为免除。
outcome-ask-early-reason =
    { $case }
    管理期结果一般在期满后认定（自 { $opens } 起）。现在提前登记属于例外，请说明理由（将记入操作记录）：
outcome-early-note = ⚠️ 提前认定，理由：{ $reason }
outcome-saved = ✅ 召回管理已办结：{ $case }
    去向：{ $placement }；人事变动：{ $disposition }；办结日期 { $day }。

## /extend

extend-pick-case = 请选择要延长管理期的干部（也可以输入姓名）：
extend-ask-months = { $case }
    目前管理期 { $months } 个月，至 { $end }。延长到几个月？
period-months = { $months } 个月
extend-more = 超过 { $months } 个月
extend-ask-over = 超过 { $months } 个月须由管理员说明理由。请发送新的总月数（如 8）：
extend-over-range = 请发送 { $low } 到 { $high } 之间的月数。
extend-ask-reason = 延长到 { $months } 个月。请填写理由：
extend-ask-override-reason = 延长到 { $months } 个月，超过了 6 个月的上限。请填写特殊理由：
extend-confirm = <b>请确认延长管理期</b>
    干部：{ $case }
    管理期：{ $old } → { $months } 个月，至 { $end }
    理由：{ $reason }
extend-override-note = ⚠️ 超过 6 个月，作为特殊情况记录。
extend-saved = ✅ 已延长：{ $case }，管理期 { $old } → { $months } 个月，至 { $end }。
extend-step-moved = • { $step }：{ $old } → { $new }
extend-step-added = • 新增 { $step }：{ $new }

## /newcase

newcase-ask-name = 启动召回管理。被召回干部的姓名？
newcase-ask-unit = 所在单位？
newcase-ask-position = 职务？（可跳过）
newcase-ask-rank = 职级：
newcase-ask-principal = 是否为主要负责人？
newcase-ask-category = 召回原因类别：
newcase-ask-reason = 具体原因：
newcase-ask-cohort = 批次？点击已有批次，或发送新的批次名称（如“2026-03 市直批次”），也可跳过。
newcase-ask-recalled = 召回日期？点击“今天”，或发送日期（如 3月2日、3/2、昨天）。
newcase-ask-months = 管理期几个月？
newcase-ask-mentors = 帮带人姓名？多人请用逗号或顿号分隔（可跳过）。
newcase-ask-supervisors = 督导姓名？多人请用逗号或顿号分隔（可跳过）。
newcase-confirm = <b>请确认启动召回管理</b>
newcase-summary =
    姓名：{ $name }
    单位：{ $unit }；职务：{ $position }
    职级：{ $rank }；主要负责人：{ $principal }
    召回原因：{ $category } / { $reason }
    批次：{ $cohort }
    召回日期：{ $recalled }；管理期 { $months } 个月
    帮带人：{ $mentors }
    督导：{ $supervisors }
newcase-saved = ✅ 已启动召回管理：{ $case }，管理期至 { $end }。
    管理计划：
newcase-plan-line = • { $step } × { $count }，首次 { $first }
newcase-invite-hint = 点击下方按钮，为相关人员生成邀请链接：

## /invite

invite-ask-role = 为哪种角色生成邀请链接？
invite-ask-name = 角色：{ $role }。请发送此人的姓名：
invite-ask-case = 有多位名为“{ $name }”的召回干部，请选择是哪一位：
invite-confirm = <b>请确认生成邀请链接</b>
    角色：{ $role }
    姓名：{ $name }{ $new }
    召回管理：{ $case }
invite-new-person = （系统中尚无此人，将新建）
invite-button = 邀请 { $name }（{ $role }）
invite-link = 🔗 { $name }（{ $role }）的邀请链接：
    { $link }
    有效期至 { $expires }，仅可使用一次。请转发给本人，点击即可登记。

## /session

newsession-no-cases = 目前没有管理期中的干部，无法安排培训。
newsession-ask-kind = 安排哪一类活动？
newsession-ask-title = 活动名称？
newsession-ask-day = 哪一天？点击按钮，或发送日期（如 3月15日、3/15、明天）。今天是 { $today }。
newsession-tomorrow = 明天
newsession-ask-time = { $day }，几点开始？点击按钮，或发送时间（如 09:30）。
newsession-expects-time = 请发送时间，格式如 09:30。
newsession-ask-length = { $start } 开始，持续多久？点击按钮，或发送结束时间（如 17:00）。
newsession-hours = { $hours } 小时
newsession-ask-place = 地点？（可跳过）
newsession-ask-roster = 参加人员：点击姓名选择或取消，点击批次可加入该批次全部在管人员。已选 { $count } 人。
newsession-add-cohort = ＋ 整个批次：{ $cohort }
newsession-roster-done = 完成（已选 { $count } 人）
newsession-and-more = 等，另有 { $count } 人
newsession-confirm = <b>请确认安排</b>
    { $kind }：{ $title }
    时间：{ $start }–{ $end }
    地点：{ $place }
    参加人员（{ $count } 人）：{ $names }
newsession-saved = ✅ 已安排{ $kind }：{ $title }
    时间：{ $start }–{ $end }
    地点：{ $place }
    参加人员（{ $count } 人）：{ $names }
    已通知参加人员。签到时发送 /checkin 显示签到码。

## perf2: an admin's /digest covers the whole programme
digest-title-programme = 📋 全局摘要（全部召回管理） · { $name }

## perf2: disputes in the digest (issue 10 point 15)
digest-disputes = ⚠️ 干部对谈话记录有异议、尚未处理（{ $count }）
digest-dispute-line = • { $cadre }：{ $day } 与 { $what } 的谈心谈话{ $comment }
digest-dispute-comment = ，异议：“{ $comment }”

## Branch views2: /case as a summary with its parts behind buttons.

case-summary-title = <b>{ $name }</b> · { $unit }
case-summary-facts = { $position } · { $rank } · 召回原因：{ $category }{ $reason } · 批次：{ $cohort }
case-summary-concluded = 状态：已于 { $day } 办结；{ $placement }{ $disposition }
case-next-step = 下一项：{ $icon } { $step }，{ $due }
case-part-s = 📋 计划事项（{ $count }）
case-part-t = 💬 谈心谈话（{ $count }）
case-part-r = 📝 思想汇报（{ $count }）
case-part-a = 🎓 培训与考察（{ $count }）
case-part-q = 📊 办结准备
case-part-h = 🕘 操作记录（{ $count }）
case-part-back = ‹ 返回概要
case-page = 第 { $page }/{ $pages } 页
case-page-gone = （记录已有变化，这一页已不存在，下面是最后一页。）
case-summary-disposition = ；{ $disposition }
overdue-more = 　……另有 { $count } 项逾期，点下方按钮查看
overdue-case-button = { $name }（逾期 { $count } 项）
invite-case-active = 管理期中
invite-case-concluded = 已办结
invite-case = { $name } · { $unit }（{ $state }）
