## The supervisors' dashboard (Telegram Mini App): the menu button, the /digest button,
## the API's texts (webapp-*) and the page's own texts (webapp-page-*, shown as they are).

webapp-menu-button = Dashboard
webapp-open = 📊 Open the dashboard
webapp-title = { $name }'s dashboard
webapp-summary = As of { $today }: { $count ->
        [one] 1 recall
       *[other] { $count } recalls
    }, { $overdue } with overdue steps
webapp-no-cohort = (no cohort)
webapp-state-overdue = overdue
webapp-state-on_track = on track
webapp-state-closed = concluded
webapp-progress = { $done }/{ $total } steps done
webapp-overdue = { $count ->
        [one] 1 step overdue
       *[other] { $count } steps overdue
    }, the oldest by { $days ->
        [one] 1 day
       *[other] { $days } days
    }
webapp-overdue-step = { $step }: due { $due }, { $days ->
        [one] 1 day
       *[other] { $days } days
    } overdue
webapp-period = Period { $start } to { $end }
webapp-cohort-line = { $done }/{ $total } steps, { $cases ->
        [one] 1 cadre
       *[other] { $cases } cadres
    }
webapp-week-line = Week of { $start }: { $count } overdue
webapp-case-title = { $name }'s recall
webapp-fact-unit = Unit: { $unit }; position: { $position }
webapp-fact-cohort = Cohort: { $cohort }
webapp-fact-reason = Recalled for: { $category } / { $reason }
webapp-fact-team = Mentors: { $mentors }; supervisors: { $supervisors }
webapp-outcome = Concluded on { $day }: { $placement }; personnel change: { $disposition }
webapp-done-on = done on { $day }
webapp-talk = Heart-to-heart talk ({ $mentor }, attitude { $attitude }/5)
webapp-session = { $kind }: “{ $title }”
webapp-reflection = Self-reflection report ({ $versions ->
        [one] 1 version
       *[other] { $versions } versions
    })
webapp-leave = { $kind }, to { $end } ({ $days ->
        [one] { $days } day
       *[other] { $days } days
    })
webapp-leave-current = on leave now
webapp-leave-extended = period extended by { $days ->
        [one] { $days } day
       *[other] { $days } days
    }
webapp-on-leave = On leave ({ $kind }, to { $end }): no reminders meanwhile
webapp-entry-step = Plan step
webapp-entry-talk = Talk
webapp-entry-attendance = Attendance
webapp-entry-reflection = Self-reflection report
webapp-entry-assessment = Assessment
webapp-entry-leave = Leave

webapp-page-title = Dashboard
webapp-page-loading = Loading…
webapp-page-unauthorized = Your identity could not be confirmed: open the dashboard from the bot's menu button in Telegram (the sign-in data is missing, altered or more than a day old).
webapp-page-forbidden = The dashboard is for supervisors and admins.
webapp-page-not-found = This recall was not found, or you may not see it.
webapp-page-network = Cannot connect right now; please try again later.
webapp-page-chart-cohorts = Progress by cohort
webapp-page-chart-weeks = Overdue steps by week
webapp-page-filter-cohort = Cohort
webapp-page-filter-unit = Unit
webapp-page-filter-state = Status
webapp-page-sort = Sort by
webapp-page-sort-overdue = Days overdue
webapp-page-sort-progress = Progress
webapp-page-sort-name = Name
webapp-page-sort-id = Order started
webapp-page-all = All
webapp-page-state-overdue = { webapp-state-overdue }
webapp-page-state-on_track = { webapp-state-on_track }
webapp-page-state-closed = { webapp-state-closed }
webapp-page-shown = Shown
webapp-page-no-cases = There are no recalls in your scope yet.
webapp-page-no-match = No recall matches the filters.
webapp-page-back = Back
webapp-page-late = recorded late
webapp-page-entry-step = { webapp-entry-step }
webapp-page-entry-talk = { webapp-entry-talk }
webapp-page-entry-attendance = { webapp-entry-attendance }
webapp-page-entry-reflection = { webapp-entry-reflection }
webapp-page-entry-assessment = { webapp-entry-assessment }
webapp-page-entry-leave = { webapp-entry-leave }

## The demo's look at the dashboard.

demo-check-dashboard = the supervisor saw the recalls they follow on the dashboard (the Mini App; screenshots saved)
demo-dashboard-no-browser = Note: no browser here, so no dashboard screenshot ({ $reason }).
