## recallbot 命令行、批量导入、统计和导出。

cli-db-upgraded = 数据库已是最新结构。
cli-db-error = 数据库错误：{ $error }
cli-invite-created = { $name }（{ $role }）的邀请链接，有效期至 { $expires }：
cli-no-bot-username = 不知道机器人的用户名：请设置 BOT_USERNAME，或设置 BOT_TOKEN 以便向 Telegram 查询。
cli-telegram-error = Telegram 未回应 getMe：{ $error }
    设置 BOT_USERNAME 后，生成邀请链接无需询问 Telegram。
cli-export-written = 已写入：{ $path }
cli-migration-written = 已生成迁移：{ $path }
cli-no-model-changes = 模型没有变化，无需生成迁移。
cli-migration-needed = 模型自上次迁移后有变化（{ $names }）：请运行 `recallbot db makemigrations`。
cli-file-not-found = 找不到文件：{ $path }

## 批量导入。每个问题形如“第 5 行，recalled_on 列：……”。

import-done = 导入完成：新增 { $added } 条，已存在 { $present } 条。
import-progress = 正在导入
import-rejected = 文件未导入：发现 { $count } 个问题，数据库未作任何改动。
import-issue = 第 { $row } 行，{ $column } 列：{ $reason }
import-more-issues = ……另有 { $count } 个问题。
import-error-not-utf8 = 文件不是 UTF-8 编码。请另存为“CSV UTF-8”或 .xlsx 格式。
import-error-file-type = { $name }：只能导入 .csv 或 .xlsx 文件。
import-error-empty-file = 文件是空的：第一行须为列名。
import-error-bad-xlsx = 无法作为 .xlsx 工作簿读取该文件。
import-error-unknown-column = 未知的列。
import-error-duplicate-column = 该列出现了两次。
import-error-missing-column = 表头缺少该列。
import-error-duplicate-row = 姓名、单位和召回日期与第 { $first } 行重复。
import-error-required = 不能为空。
import-error-too-long = 超过 { $limit } 个字符。
import-error-unknown-rank = 未知的职级“{ $value }”（应为 county_or_above、section 或 staff）。
import-error-bad-principal = “{ $value }”应为 yes 或 no。
import-error-unknown-reason = 未知的召回原因或类别代码“{ $value }”。
import-error-bad-date = “{ $value }”不是 YYYY-MM-DD 格式的日期。
import-error-period = “{ $value }”：管理期须为 3 到 6 之间的整月数。
import-error-unknown-placement = 未知的去向“{ $value }”（应为 original_unit 或 other_unit）。
import-error-unknown-disposition = 未知的人事变动“{ $value }”（应为 promoted、demoted、removed、resigned 或 retired）。
import-error-placement-without-closed-on = 已填写去向（已办结），须填写办结日期。
import-error-closed-on-without-placement = 填写了办结日期，须同时填写去向。
import-error-disposition-without-placement = 填写了人事变动，须同时填写去向。
import-error-closed-before-recall = 办结日期不能早于召回日期。

## 统计。

stats-title = 干部召回管理统计
stats-title-cohort = 干部召回管理统计（批次：{ $cohort }）
stats-empty = 暂无召回管理记录。
stats-summary = 共召回干部 { $total } 名：管理期中 { $active } 名，已期满办结 { $done } 名。
stats-principal = 其中主要负责人 { $yes } 名，其他 { $no } 名。
stats-heading-category = 按召回原因类别
stats-heading-reason = 按召回原因
stats-heading-rank = 按职级
stats-heading-placement = 期满去向
stats-heading-disposition = 人事变动
stats-heading-cohort = 按批次
stats-reason-unspecified = { $category }（未细分具体原因）
stats-no-cohort = （未填批次）

## 导出：工作表名、列标题和取值。

export-empty = 无
export-file-stem = 召回管理台账
export-yes = 是
export-no = 否
export-case-active = 管理期中
export-case-closed = 已办结
export-talk-pending = 待本人确认
export-talk-confirmed = 本人已确认
export-talk-disputed = 本人有异议
export-reflection-submitted = 待审阅
export-reflection-revision_requested = 已退回修改
export-reflection-accepted = 已通过
export-sheet-cases = 召回管理
export-sheet-steps = 计划事项
export-sheet-talks = 谈心谈话
export-sheet-attendance = 培训考勤
export-sheet-reflections = 思想汇报
export-sheet-assessments = 跟踪考察
export-sheet-outcomes = 办结结果
export-col-case = 管理编号
export-col-cadre = 召回干部
export-col-unit = 单位
export-col-position = 职务
export-col-rank = 职级
export-col-principal = 主要负责人
export-col-category = 召回原因类别
export-col-reason = 召回原因
export-col-cohort = 批次
export-col-recalled-on = 召回日期
export-col-period-months = 管理期（月）
export-col-period-end = 期满日期
export-col-status = 状态
export-col-mentors = 帮带人
export-col-supervisors = 督导
export-col-acknowledged-at = 确认计划时间
export-col-created-at = 创建时间
export-col-seq = 序号
export-col-step = 事项
export-col-step-label = 说明
export-col-responsible = 责任人
export-col-due-on = 应完成日期
export-col-done-on = 完成日期
export-col-done-at = 登记时间
export-col-note = 备注
export-col-talk = 谈话编号
export-col-mentor = 谈话人
export-col-held-on = 谈话日期
export-col-place = 地点
export-col-summary = 谈话要点
export-col-attitude = 态度（1-5）
export-col-actions = 整改措施
export-col-confirmation = 本人确认
export-col-cadre-comment = 本人意见
export-col-recorded-at = 登记时间
export-col-session = 场次
export-col-session-kind = 类型
export-col-starts-at = 开始时间
export-col-ends-at = 结束时间
export-col-attendance = 出勤
export-col-checked-in-at = 签到时间
export-col-recorded-by = 登记人
export-col-reflection = 汇报编号
export-col-latest-text = 最新稿内容
export-col-versions = 稿数
export-col-updated-at = 更新时间
export-col-assessment = 考察编号
export-col-assessment-kind = 考察类型
export-col-grade = 等次
export-col-assessor = 考察人
export-col-assessed-on = 考察日期
export-col-comments = 考察意见
export-col-recommendation = 建议
export-col-placement = 去向
export-col-disposition = 人事变动
export-col-closed-on = 办结日期

cli-outbox-requeued = 已重新排队 { $count } 条通知，将由运行中的机器人发送。
cli-outbox-counts = 待发送 { $pending } · 发送中 { $sending } · 已发送 { $sent } · 失败 { $failed } · 可能已发送 { $uncertain } · 暂停 { $paused } · 不再发送 { $dropped }
cli-outbox-row = #{ $id } [{ $status }] { $person } · { $message } · 第 { $attempts } 次 · { $when } · { $error }
cli-revoked = 已取消 { $name } 的{ $role }身份。
cli-revoked-case = { $name } 不再担任管理编号 { $case } 的{ $role }。
cli-token-rejected = { $url } 的 Bot API 拒绝了 BOT_TOKEN。请检查令牌（@BotFather）和 TELEGRAM_BASE_URL。
cli-telegram-unreachable = 无法连接 { $url } 的 Bot API：{ $error }
cli-audit-none = 没有符合条件的审计记录。
cli-audit-bad-date = --since 需要 YYYY-MM-DD 格式的日期，而不是“{ $value }”。
cli-audit-command-line = （命令行）
cli-audit-row = #{ $id } { $when } · { $actor } · { $action } · 管理编号 { $case } · { $person }
cli-backup-written-sqlite = 已写入备份：{ $path }（{ $size } 字节，SQLite，已校验）。恢复时先停止机器人，再用此文件替换数据库文件（见 docs/operator-guide.md）。
cli-backup-written-pg_dump = 已写入备份：{ $path }（{ $size } 字节，pg_dump 自定义格式）。恢复：pg_restore --clean --if-exists --no-owner -d DATABASE_URL { $path }
backup-memory-database = 内存数据库无法备份。
backup-no-database = { $path } 处没有数据库文件。
backup-check-failed = 备份副本未通过完整性检查：{ $error }
backup-no-pg-dump = 未安装 pg_dump（Debian：apt install postgresql-client）。请自行运行：pg_dump --format=custom --no-owner --file={ $path } --dbname="$DATABASE_URL"
backup-pg-dump-failed = pg_dump 失败：{ $error }
cli-db-hint-no-table = 是否已用 `recallbot db upgrade` 创建数据库？
cli-db-hint-locked = 另一个进程占用数据库超过 { $seconds } 秒（忙等待时限）。请重试。多个机器人实例共用一个数据库时需要使用 PostgreSQL。
cli-db-hint-readonly = 当前用户无法写入数据库文件或其所在文件夹。
cli-db-hint-full = 磁盘已满：请清理空间后重试。
import-busy = 另一次导入正在进行：请等它完成后再试。

## perf2: compliance in /stats and `recallbot stats` (issue 10 point 15)
stats-heading-compliance = 计划执行情况
stats-on-time = 按期完成率：{ $rate }（按期完成 { $on_time } 项，逾期完成 { $late } 项）
stats-rate-none = 暂无到期事项
stats-overdue-steps = 逾期未完成事项：{ $count } 项
stats-talks-held = 谈心谈话：已谈 { $held } 次，按计划应谈 { $planned } 次
