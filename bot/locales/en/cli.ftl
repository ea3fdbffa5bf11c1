## The recallbot command line, the cohort import, statistics and exports.

cli-db-upgraded = Database is up to date.
cli-db-error = Database error: { $error }
cli-invite-created = Invite for { $name } as { $role }, valid until { $expires }:
cli-no-bot-username = The bot's username is unknown: set BOT_USERNAME, or BOT_TOKEN so that it can be asked from Telegram.
cli-telegram-error = Telegram did not answer getMe: { $error }
    Set BOT_USERNAME to make invite links without asking Telegram.
cli-export-written = Written: { $path }
cli-migration-written = Migration written: { $path }
cli-no-model-changes = The models have not changed: no migration needed.
cli-migration-needed = The models have changed since the last migration ({ $names }): run `recallbot db makemigrations`.
cli-file-not-found = File not found: { $path }

## Cohort import. An issue reads "Row 5, column recalled_on: not a date ...".

import-done = Import finished: { $added } added, { $present } already present.
import-progress = Importing rows
import-rejected = The file was not imported: { $count ->
        [one] 1 problem was
       *[other] { $count } problems were
    } found. Nothing was changed.
import-issue = Row { $row }, column { $column }: { $reason }
import-more-issues = … and { $count } more.
import-error-not-utf8 = The file is not UTF-8 text. Save it as "CSV UTF-8" or as .xlsx.
import-error-file-type = { $name }: only .csv and .xlsx files can be imported.
import-error-empty-file = The file is empty: the first row must hold the column names.
import-error-bad-xlsx = The file cannot be read as an .xlsx workbook.
import-error-unknown-column = unknown column.
import-error-duplicate-column = this column appears twice.
import-error-missing-column = this column is missing from the header row.
import-error-duplicate-row = same name, unit and recall date as row { $first }.
import-error-required = a value is required.
import-error-too-long = longer than { $limit } characters.
import-error-unknown-rank = unknown rank "{ $value }" (use county_or_above, section or staff).
import-error-bad-principal = "{ $value }" is neither yes nor no.
import-error-unknown-reason = unknown reason or category code "{ $value }".
import-error-bad-date = "{ $value }" is not a date of the form YYYY-MM-DD.
import-error-period = "{ $value }": the period must be a whole number of months from 3 to 6.
import-error-unknown-placement = unknown placement "{ $value }" (use original_unit or other_unit).
import-error-unknown-disposition = unknown personnel change "{ $value }" (use promoted, demoted, removed, resigned or retired).
import-error-placement-without-closed-on = a concluded recall (placement given) needs the date it was concluded.
import-error-closed-on-without-placement = a conclusion date needs a placement.
import-error-disposition-without-placement = a personnel change needs a placement.
import-error-closed-before-recall = the recall cannot be concluded before the recall date.

## Statistics.

stats-title = Recall programme figures
stats-title-cohort = Recall programme figures, cohort "{ $cohort }"
stats-empty = No recalls yet.
stats-summary = { $total ->
        [one] 1 cadre
       *[other] { $total } cadres
    } recalled: { $active } in their management period, { $done } concluded.
stats-principal = Principals (heads of their unit): { $yes }; others: { $no }.
stats-heading-category = By reason category
stats-heading-reason = By reason
stats-heading-rank = By rank
stats-heading-placement = Placement after the period
stats-heading-disposition = Personnel change
stats-heading-cohort = By cohort
stats-reason-unspecified = { $category } (no specific reason)
stats-no-cohort = (no cohort)

## Exports: sheet names, column headings and values.

export-empty = none
export-file-stem = recall-register
export-yes = yes
export-no = no
export-case-active = in period
export-case-closed = concluded
export-talk-pending = awaiting confirmation
export-talk-confirmed = confirmed
export-talk-disputed = disputed
export-reflection-submitted = awaiting review
export-reflection-revision_requested = revision requested
export-reflection-accepted = accepted
export-sheet-cases = Recalls
export-sheet-steps = Plan steps
export-sheet-talks = Talks
export-sheet-attendance = Attendance
export-sheet-reflections = Self-reflection reports
export-sheet-assessments = Assessments
export-sheet-outcomes = Outcomes
export-col-case = Recall no.
export-col-cadre = Cadre
export-col-unit = Unit
export-col-position = Position
export-col-rank = Rank
export-col-principal = Principal
export-col-category = Reason category
export-col-reason = Reason
export-col-cohort = Cohort
export-col-recalled-on = Recalled on
export-col-period-months = Period (months)
export-col-period-end = Period ends
export-col-status = Status
export-col-mentors = Mentors
export-col-supervisors = Supervisors
export-col-acknowledged-at = Plan acknowledged at
export-col-created-at = Created at
export-col-seq = No.
export-col-step = Step
export-col-step-label = Detail
export-col-responsible = Responsible
export-col-due-on = Due on
export-col-done-on = Done on
export-col-done-at = Recorded at
export-col-note = Note
export-col-talk = Talk no.
export-col-mentor = Mentor
export-col-held-on = Held on
export-col-place = Place
export-col-summary = Summary
export-col-attitude = Attitude (1-5)
export-col-actions = Agreed actions
export-col-confirmation = Cadre's confirmation
export-col-cadre-comment = Cadre's comment
export-col-recorded-at = Recorded at
export-col-session = Session
export-col-session-kind = Kind
export-col-starts-at = Starts at
export-col-ends-at = Ends at
export-col-attendance = Attendance
export-col-checked-in-at = Checked in at
export-col-recorded-by = Recorded by
export-col-reflection = Report no.
export-col-latest-text = Latest version
export-col-versions = Versions
export-col-updated-at = Updated at
export-col-assessment = Assessment no.
export-col-assessment-kind = Kind
export-col-grade = Grade
export-col-assessor = Assessor
export-col-assessed-on = Assessed on
export-col-comments = Comments
export-col-recommendation = Recommendation
export-col-placement = Placement
export-col-disposition = Personnel change
export-col-closed-on = Concluded on

cli-outbox-requeued = { $count } notification(s) queued again; the running bot will send them.
cli-outbox-counts = pending { $pending } · sending { $sending } · sent { $sent } · failed { $failed } · may have been sent { $uncertain } · paused { $paused } · dropped { $dropped }
cli-outbox-row = #{ $id } [{ $status }] { $person } · { $message } · attempts { $attempts } · { $when } · { $error }
cli-revoked = { $name } is no longer { $role }.
cli-revoked-case = { $name } is no longer { $role } in recall no. { $case }.
cli-token-rejected = The Bot API at { $url } rejected BOT_TOKEN. Check the token (@BotFather) and TELEGRAM_BASE_URL.
cli-telegram-unreachable = The Bot API at { $url } cannot be reached: { $error }
cli-audit-none = No audit events match.
cli-audit-bad-date = --since wants a date as YYYY-MM-DD, not “{ $value }”.
cli-audit-command-line = (command line)
cli-audit-row = #{ $id } { $when } · { $actor } · { $action } · recall no. { $case } · { $person }
cli-backup-written-sqlite = Backup written: { $path } ({ $size } bytes, SQLite, checked). To restore, stop the bot and put this file in place of the database (docs/operator-guide.md).
cli-backup-written-pg_dump = Backup written: { $path } ({ $size } bytes, pg_dump custom format). To restore: pg_restore --clean --if-exists --no-owner -d DATABASE_URL { $path }
backup-memory-database = An in-memory database cannot be backed up.
backup-no-database = There is no database file at { $path }.
backup-check-failed = The copy failed its integrity check: { $error }
backup-no-pg-dump = pg_dump is not installed (Debian: apt install postgresql-client). Run it yourself: pg_dump --format=custom --no-owner --file={ $path } --dbname="$DATABASE_URL"
backup-pg-dump-failed = pg_dump failed: { $error }
cli-db-hint-no-table = Has the database been created with `recallbot db upgrade`?
cli-db-hint-locked = Another process kept the database busy for longer than { $seconds } s (the busy timeout). Try again. Several bot instances on one database need PostgreSQL.
cli-db-hint-readonly = The database file, or its folder, cannot be written by this user.
cli-db-hint-full = The disk is full: free some space, then try again.
import-busy = Another import is under way: try again when it has finished.

## perf2: compliance in /stats and `recallbot stats` (issue 10 point 15)
stats-heading-compliance = How the plans are kept
stats-on-time = On-time rate: { $rate } ({ $on_time } steps done on time, { $late } done late)
stats-rate-none = nothing due yet
stats-overdue-steps = Overdue steps: { $count }
stats-talks-held = Talks: { $held } held, { $planned } planned so far
