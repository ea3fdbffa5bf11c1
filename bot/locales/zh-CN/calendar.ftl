## Working days: the calendar's coverage (/status, recallbot status) and due dates moved off days off.

cmd-status = 系统状态（工作日日历）
status-title = 系统状态
status-skip-holidays-on = 工作日规则：开启（到期日遇周末或节假日顺延至下一个工作日，提醒只在工作日发送）
status-skip-holidays-off = 工作日规则：关闭（每天都算，SKIP_HOLIDAYS=false）
status-calendar-file = 日历文件：{ $path }
status-calendar-file-none = 日历文件：未设置（CALENDAR_FILE）
status-year-file = ✅ { $year }年：按日历文件
status-year-official = ✅ { $year }年：国务院放假安排（含调休上班日）
status-year-estimated = ⚠️ { $year }年：只有按规则推算的法定节假日，调休上班日未知
status-year-none = ⚠️ { $year }年：没有节假日数据，只按周一至周五计算
status-calendar-advice = 请在日历文件（CALENDAR_FILE）中补充该年度国务院通知的放假和调休安排，见运维手册。
plan-moved = （原定 { $day }，遇休息日顺延）
step-moved-note = 原定 { $day } 为休息日，已顺延至 { $due }。
