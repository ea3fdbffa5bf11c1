## The supervisors' dashboard (Telegram Mini App): the menu button, the /digest button,
## the API's texts (webapp-*) and the page's own texts (webapp-page-*, shown as they are).

webapp-menu-button = 督导看板
webapp-open = 📊 打开督导看板
webapp-title = { $name } 的督导看板
webapp-summary = 截至 { $today }：共 { $count } 名干部，{ $overdue } 名有逾期事项
webapp-no-cohort = （未分批次）
webapp-state-overdue = 有逾期
webapp-state-on_track = 按期推进
webapp-state-closed = 已办结
webapp-progress = 已完成 { $done }/{ $total } 项
webapp-overdue = 逾期 { $count } 项，最长 { $days } 天
webapp-overdue-step = { $step }：应于 { $due } 完成，已逾期 { $days } 天
webapp-period = 管理期 { $start } 至 { $end }
webapp-cohort-line = 已完成 { $done }/{ $total } 项，{ $cases } 名干部
webapp-week-line = { $start } 当周：逾期 { $count } 项
webapp-case-title = { $name } 的召回管理
webapp-fact-unit = 单位：{ $unit }；职务：{ $position }
webapp-fact-cohort = 批次：{ $cohort }
webapp-fact-reason = 召回原因：{ $category } / { $reason }
webapp-fact-team = 帮带人：{ $mentors }；督导：{ $supervisors }
webapp-outcome = 已于 { $day } 办结：{ $placement }；人事变动：{ $disposition }
webapp-done-on = { $day } 完成
webapp-talk = 谈心谈话（{ $mentor }，态度 { $attitude }/5）
webapp-session = { $kind }“{ $title }”
webapp-reflection = 思想汇报（{ $versions } 稿）
webapp-leave = { $kind }，至 { $end }（{ $days } 天）
webapp-leave-current = 离岗中
webapp-leave-extended = 管理期顺延 { $days } 天
webapp-on-leave = 离岗中（{ $kind }，至 { $end }），期间不发提醒
webapp-entry-step = 计划事项
webapp-entry-talk = 谈话
webapp-entry-attendance = 培训考勤
webapp-entry-reflection = 思想汇报
webapp-entry-assessment = 考察
webapp-entry-leave = 离岗

webapp-page-title = 督导看板
webapp-page-loading = 正在加载……
webapp-page-unauthorized = 无法确认您的身份：请从 Telegram 中机器人的菜单按钮打开看板（登录信息缺失、被篡改或已超过一天）。
webapp-page-forbidden = 看板仅供督导和管理员使用。
webapp-page-not-found = 没有找到这位干部的召回管理，或您无权查看。
webapp-page-network = 暂时无法连接，请稍后再试。
webapp-page-chart-cohorts = 各批次进度
webapp-page-chart-weeks = 每周逾期事项
webapp-page-filter-cohort = 批次
webapp-page-filter-unit = 单位
webapp-page-filter-state = 状态
webapp-page-sort = 排序
webapp-page-sort-overdue = 逾期天数
webapp-page-sort-progress = 进度
webapp-page-sort-name = 姓名
webapp-page-sort-id = 启动先后
webapp-page-all = 全部
webapp-page-state-overdue = { webapp-state-overdue }
webapp-page-state-on_track = { webapp-state-on_track }
webapp-page-state-closed = { webapp-state-closed }
webapp-page-shown = 显示
webapp-page-no-cases = 您负责的范围内还没有召回管理。
webapp-page-no-match = 没有符合筛选条件的干部。
webapp-page-back = 返回
webapp-page-late = 逾期补录
webapp-page-entry-step = { webapp-entry-step }
webapp-page-entry-talk = { webapp-entry-talk }
webapp-page-entry-attendance = { webapp-entry-attendance }
webapp-page-entry-reflection = { webapp-entry-reflection }
webapp-page-entry-assessment = { webapp-entry-assessment }
webapp-page-entry-leave = { webapp-entry-leave }

## The demo's look at the dashboard.

demo-check-dashboard = 督导在看板（Mini App）上看到了自己负责的召回管理（截图已保存）
demo-dashboard-no-browser = 注意：本机没有可用的浏览器，看板截图未生成（{ $reason }）。
