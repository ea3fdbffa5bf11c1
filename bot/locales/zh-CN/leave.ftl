## Leave of absence (bot/services/leaves.py, handlers/leave.py).

cmd-leave = 登记或更正离岗（病假、公务外出、事假）
leave-kind-sick = 病假
leave-kind-official = 公务外出
leave-kind-other = 其他事假
leave-line = { $kind } { $start } 至 { $end }（{ $days } 天）{ $extended }
leave-line-extended = ，管理期相应顺延
leave-pick-case = 请选择要登记离岗的干部：
leave-title = { $case } 的离岗记录（病假、公务外出、事假）：
leave-none = 暂无离岗记录。
leave-new-button = ➕ 登记新的离岗
leave-correct-button = ✏️ 更正 { $start } 起的离岗
leave-end-button = ⏹ 提前结束 { $start } 起的离岗
leave-ask-kind = { $name }：请选择离岗类型：
leave-ask-from = { $kind }：请发送离岗的第一天（如 3月5日、3/5、今天）：
leave-ask-to = 开始于 { $start }。请发送最后一天的日期（含当天）：
leave-ask-reason = 请填写离岗事由：
leave-ask-extend = 离岗共 { $days } 天。管理期是否相应顺延？（离岗期间到期的事项一律顺延到返岗之后。）
leave-extend-yes = 顺延管理期 { $days } 天
leave-extend-no = 不顺延管理期
leave-confirm =
    请确认离岗登记：
    对象：{ $name }
    类型：{ $kind }
    日期：{ $start } 至 { $end }
    事由：{ $reason }
    顺延管理期：{ $extend }
leave-ask-last = { $line }。请发送实际离岗的最后一天（返岗前一天）：
leave-confirm-end = 请确认提前结束：{ $line }，改为 { $last } 结束。
leave-saved = ✅ 已保存 { $name } 的离岗：{ $line }。管理期至 { $period_end }。离岗期间不发送提醒。
leave-on-now = 🏖 离岗中：{ $line }
leave-plan-heading = 离岗：
leave-error-end-before-start = 结束日期不能早于开始日期。
leave-error-outside-period = 离岗须在管理期内（{ $start } 至 { $end }）。
leave-error-overlap = 与已登记的离岗（{ $start } 至 { $end }）重叠：请换一个日期，或先更正那一条。
leave-error-not-found = 找不到这条离岗记录。
leave-error-not-earlier = 提前结束的日期须早于原定的最后一天（{ $end }）。
leave-recorded-notice = 已为您登记离岗：{ $leave_kind ->
        [sick] 病假
        [official] 公务外出
       *[other] 其他事假
    }，{ $start } 至 { $end }。离岗期间不会收到事项提醒，期间到期的事项已顺延到返岗之后。{ $extended ->
        [yes] 管理期顺延至 { $period_end }。
       *[no] { "" }
    }
leave-corrected-notice = 您的离岗已更正为：{ $leave_kind ->
        [sick] 病假
        [official] 公务外出
       *[other] 其他事假
    }，{ $start } 至 { $end }。管理期至 { $period_end }。发送 /plan 查看调整后的计划。
audit-leave-recorded = 登记离岗
audit-leave-corrected = 更正离岗
dossier-leave-reason = 事由：{ $reason }
export-sheet-leaves = 离岗
export-col-leave = 离岗编号
export-col-leave-kind = 离岗类型
export-col-starts-on = 开始日期
export-col-ends-on = 结束日期
export-col-days = 天数
export-col-leave-reason = 事由
export-col-extends-period = 顺延管理期
stats-on-leave = 目前离岗：{ $count } 人
cli-leave-recorded = 已保存离岗 #{ $id }：{ $name }，{ $line }；管理期至 { $period_end }。
cli-leave-row = #{ $id } 管理编号 { $case } { $name }：{ $line }；事由：{ $reason }
cli-leave-none = 没有离岗记录。
digest-on-leave = 🏖 离岗（{ $count }），期间不发提醒
digest-leave-line = • { $cadre }：{ $kind }，{ $start } 至 { $end }
