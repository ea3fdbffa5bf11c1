# branch forms2: nothing typed is lost, saving once, fixing mistakes, guard rails.

form-name-assess = 考察记录
form-name-attendance = 考勤登记
form-name-talk_dispute = 谈话记录异议
form-name-invite = 邀请
form-name-leave = 请假登记
form-name-newcase = 启动召回管理
form-name-outcome = 办结登记
form-name-extend = 延长管理期
form-name-reflect = 思想汇报
form-name-review = 审阅思想汇报
form-name-session = 安排培训
form-name-talk_settle = 处理谈话异议
form-name-steps = 调整计划事项
form-name-talk = 谈话记录
form-name-editcase = 修改召回管理信息

form-already-saved = ✅ 这份内容已经保存过了，没有重复保存。
form-switch-ask = 您还有未填完的“{ $current }”。
    要开始“{ $new }”吗？
form-switch-stay = ↩️ 继续当前表单
form-switch-new = 🆕 放弃并开始新的
form-switch-kept = 好的，继续填写“{ $current }”：请回答上面的问题。
form-switch-discarded = 已放弃未填完的表单。
form-late-ask = 表单已超时：“{ $form }”超过 { $minutes } 分钟未操作，但您刚发的内容还在。
    按此内容继续填写吗？
form-late-keep = ✅ 按此内容继续
form-late-drop = 🗑 放弃
form-late-kept = 好的，按您刚发的内容继续。
form-send-as-file = 内容较长时，可以把它存成文件（如 Word、PDF 或图片）直接发送。
form-back = ◀ 返回上一步
form-change = ✏️ 修改：{ $field }
form-change-ask = 要修改哪一项？
form-fix-hint = 改完后会回到确认页面。

form-warn-ask = 请核对。确定仍按此保存吗？
form-warn-save = ⚠️ 确认无误，仍然保存
warn-recall-period-over = 按此召回日期，管理期已于 { $end } 结束，整个计划都会是逾期的。
warn-session-in-past = 开始时间 { $start } 已经过去，被邀请的人来不及参加。
warn-session-far-ahead = 开始时间 { $start } 在一年以后，请确认日期没有写错。
warn-session-no-place = 没有填写地点，被邀请的人不知道去哪里。
warn-due-after-period-end = 新日期晚于管理期结束日 { $end }。

newcase-name-close = 没有找到{ $role }“{ $name }”。是不是下面这位？
newcase-name-is = 是 { $name }
newcase-name-new = 新人员：{ $name }
newcase-new-people = 🆕 将登记为新人员：{ $names }
form-change-one = ✏️ 修改某一项
