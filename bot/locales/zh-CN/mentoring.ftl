## Labels for enum values, shared by every flow (one place for each text).

step-kind-acknowledge = 确认管理计划
step-kind-talk = 谈心谈话
step-kind-education = 党性教育
step-kind-training = 专题培训
step-kind-reflection = 思想汇报
step-kind-assessment_mid = 中期考察
step-kind-assessment_final = 期满考察
step-kind-decision = 结果认定
step-label-final_summary = 期末总结
step-with-label = { $step }（{ $label }）
step-status-planned = 未到期
step-status-due = 待完成
step-status-overdue = 已逾期
step-status-done = 已完成
step-status-done_late = 逾期完成
step-status-waived = 已免除
grade-excellent = 优秀
grade-competent = 称职
grade-basically_competent = 基本称职
grade-incompetent = 不称职
assessment-kind-mid = { step-kind-assessment_mid }
assessment-kind-final = { step-kind-assessment_final }
attendance-present = 出席
attendance-late = 迟到
attendance-absent = 缺席
attendance-excused = 请假
attendance-none = 未登记
session-kind-training = { step-kind-training }
session-kind-education = { step-kind-education }

## Shared pieces of the forms.

pick-no-cases = 您目前没有可以操作的管理期中干部。
day-today = 今天
day-yesterday = 昨天
form-expects-voice = 请发送文字或语音。
file-kind-voice = 🎤 语音
file-kind-photo = 🖼 图片
file-kind-document = 📄 文件
record-saved-late = ⚠️ 晚于计划日期，已标记为逾期完成。

## Cadre: the plan.

plan-title = <b>我的管理计划</b>
    { $unit } · 管理期 { $start } 至 { $end }
plan-progress = 进度：已完成 { $done }/{ $total } 项，逾期 { $overdue } 项
plan-not-acknowledged = ⚠️ 您还没有确认本计划，请阅读后点击下方按钮确认。
plan-acknowledged = 您已于 { $time } 确认本计划。
plan-step = { $icon } { $due } { $step } — { $status }{ $when }
plan-days-left = 还有 { $days } 天
plan-due-today = 今天到期
plan-days-overdue = 逾期 { $days } 天
plan-done-on = { $day } 完成
plan-acknowledge-button = ✅ 确认管理计划
plan-acknowledge-done = ✅ 已确认管理计划（{ $time }）。
plan-extra-title = ➕ 另有记录（已保存，不计入计划中的任何事项）：
plan-extra-line = • { $day } { $kind }

## Cadre: answering a talk record.

talk-confirmed = ✅ 已确认 { $day } 的谈话记录。
talk-dispute-ask = 请简要说明您对 { $day } 与 { $mentor } 的谈话记录有何异议：
talk-dispute-confirm = 将提交以下异议：
    { $comment }
talk-dispute-saved = ✅ 异议已提交，{ $mentor } 会收到通知。

## Cadre: reflections.

reflect-choose = 有 { $count } 份思想汇报被退回修改。请选择：
reflect-sent-back-line = • { $day } 提交的汇报，审阅意见：{ $comment }
reflect-new-button = 📝 写新的思想汇报
reflect-revise-button = ✏️ 修改 { $day } 的汇报
reflect-ask-content = 请发送思想汇报：文字（至少 { $minimum } 个字）、语音、图片或文件均可。
reflect-ask-revision = 修改 { $day } 提交的思想汇报（第 { $version } 稿）。
    审阅意见：{ $comment }
    请发送修改后的内容：文字（至少 { $minimum } 个字）、语音、图片或文件均可。
reflect-confirm-new = 请确认提交以下思想汇报：
    { $content }
reflect-confirm-revision = 请确认提交以下修改稿：
    { $content }
reflect-saved = ✅ 思想汇报已提交（第 { $version } 稿），帮带人会收到审阅通知。
reflect-saved-late = ⚠️ 晚于计划日期提交，已标记为逾期完成。

## Mentor: talks.

talk-pick-case = 请选择谈话对象：
talk-ask-date = 与 { $name } 的谈话是哪一天？点击按钮，或发送日期（如 3月5日、3/5、前天）。
talk-ask-place = 谈话日期：{ $day }。谈话地点？
talk-ask-summary = 谈话内容摘要？可发送文字或语音。
talk-ask-attitude = { $name } 的态度如何？（1 = 很差，5 = 很好）
talk-ask-actions = 商定的改进措施？
talk-summary-voice = 🎤 语音
talk-confirm = 请确认谈话记录：
    对象：{ $name }
    日期：{ $day }
    地点：{ $place }
    摘要：{ $summary }
    态度：{ $attitude }/5
    改进措施：{ $actions }
talk-saved = ✅ 谈话记录已保存（{ $day }），已请 { $name } 确认。

## Mentor and admin: attendance.

attendance-no-sessions = 最近没有可以登记考勤的场次。
attendance-pick-session = 请选择要登记考勤的场次：
attendance-empty-roster = 该场次名单中没有您负责的学员。
attendance-roster-help = 点击姓名切换：出席 → 迟到 → 缺席 → 请假。完成后点击“确认保存”。
attendance-all-present = 👥 全部出席（已登记的不变）
attendance-nothing-changed = 没有需要改动的。
attendance-nothing-marked = 请至少登记一人。
attendance-saved = ✅ 考勤已保存：

## Mentor: reviewing reflections.

review-none = 目前没有待审阅的思想汇报。
review-pick = 待审阅的思想汇报（{ $count } 份）：
review-item = { $name } · { $day } · 第 { $version } 稿
review-show = <b>{ $name }</b> 的思想汇报（第 { $version } 稿，{ $time } 提交）
review-text = { $text }
review-decide = 请选择审阅结果：
review-accept-button = ✅ 通过
review-revise-button = ✏️ 退回修改
review-ask-comment = 请写明需要修改的地方：
review-confirm-accept = 确认通过 { $name } 的思想汇报（第 { $version } 稿）？
review-confirm-revise = 确认退回 { $name } 的思想汇报（第 { $version } 稿）修改？
    意见：{ $comment }
review-saved-accept = ✅ 已通过 { $name } 的思想汇报（第 { $version } 稿）。
review-saved-revise = ✅ 已退回 { $name } 的思想汇报（第 { $version } 稿），本人会收到修改通知。

## Assessments.

assess-pick-case = 请选择考察对象：
assess-all-done = { $name } 的中期考察和期满考察都已登记。
assess-ask-kind = { $name }：请选择考察阶段：
assess-ask-early-reason = 期满考察一般在管理期最后一周进行（自 { $opens } 起）。现在提前登记属于例外，请说明理由（将记入操作记录）：
assess-ask-grade = 请选择考察等次：
assess-ask-comments = 等次：{ $grade }。请填写考察意见：
assess-ask-recommendation = 请填写使用建议（如：回原单位、交流任职）：
assess-confirm = 请确认考察结果：
    对象：{ $name }
    阶段：{ $kind }
    等次：{ $grade }
    意见：{ $comments }
    建议：{ $recommendation }
assess-saved = ✅ 已登记 { $name } 的{ $kind }：{ $grade }（{ $day }）。

## Mentor: my cases.

cases-none = 您目前没有负责的召回干部。
cases-title = <b>我负责的召回干部</b>（{ $count } 名）
cases-line = { $icon } { $name } · { $unit }
    　进度 { $done }/{ $total }，逾期 { $overdue } 项，{ $end } 期满
cases-not-acknowledged = 　⚠️ 本人尚未确认管理计划

## Training check-in.

checkin-no-sessions = 今天及以后没有安排培训或教育场次。
checkin-pick-session = 请选择要显示签到码的场次：
checkin-caption = <b>{ $title }</b>
    { $start }–{ $end }
    扫描二维码或打开链接签到：
    { $link }
    此码有效至 { $until }，每 5 分钟更新。
checkin-refresh = 🔄 刷新签到码
checkin-session-over = 该场次已经结束。

## notices2: correcting a talk record, a supervisor's reminder, the plan from a reminder

talk-field-place = 地点
talk-field-summary = 谈话内容
talk-field-actions = 改进措施
talk-correct-ask-field = 修改与 { $name } { $day } 的谈话记录：要改哪一项？
talk-correct-ask-value =
    { $field }原为：
    { $before }
    请发送修改后的内容：
talk-correct-confirm =
    将把{ $field }
    由：{ $before }
    改为：{ $after }
    保存后请 { $name } 再次确认。
talk-correct-saved = ✅ 谈话记录已修改，已请 { $name } 再次确认。
talk-correct-unchanged = 内容与原记录相同，没有修改。
nudge-sent = 🔔 已提醒本人（{ $count } 人）。今天不会重复提醒。
nudge-already-today = 今天已经提醒过了，明天可再次提醒。
nudge-step-closed = 该事项已完成或已免除，无需提醒。
plan-who-records = ℹ️ 谈心谈话由帮带人登记，培训出勤由组织方登记；思想汇报请点 /reflect 提交。
talk-ask-summary-or-scan = 谈话内容摘要？可发送文字或语音；纸质谈话记录可直接发照片或扫描件（说明写在图片说明里）。
form-expects-record = 请发送文字、语音，或纸质谈话记录的照片、扫描件。
