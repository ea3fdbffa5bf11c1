## plantalk3: a mentor arranges a coming heart-to-heart talk (issue 10 point 15)

cmd-plan_talk = 约定谈心谈话
plantalk-pick-case = 与哪位干部约定谈话？
plantalk-day-0 = 今天
plantalk-day-1 = 明天
plantalk-day-2 = 后天
plantalk-ask-day = 与{ $name }约定谈话的日期？请选择，或输入日期（如 3月20日、3/20）。
plantalk-ask-time = 日期：{ $day }
    谈话时间？请输入（如 14:30），或选择“暂不定时间”。
plantalk-no-time = 暂不定时间
plantalk-expects-time = 请输入时间，如 14:30 或 9点。
plantalk-ask-place = 时间：{ $when }
    谈话地点？
plantalk-confirm = <b>请确认约定的谈话</b>
    干部：{ $name }
    时间：{ $when }
    地点：{ $place }
plantalk-saved = ✅ 已与{ $name }约定谈话：{ $when }，{ $place }。已通知本人，前一天会提醒你们双方。
plantalk-error-past = 约定的谈话时间不能早于现在，请输入今天或以后的日期和时间。
plantalk-error-after-period = 该日期已超出召回管理期（至 { $end }），请另选日期。
plantalk-next = 🗓 下次谈话：{ $when }，{ $place }
plantalk-scheduled =
    🗓 { $mentor }约您进行谈心谈话
    时间：{ $starts_at }
    地点：{ $place }
    请按时参加。
plantalk-scheduled-day =
    🗓 { $mentor }约您进行谈心谈话
    时间：{ $day }（{ $weekday }）
    地点：{ $place }
    请按时参加。
plantalk-eve =
    ⏰ 谈话提醒：{ $own ->
        [yes] 明天与{ $mentor }谈心谈话
       *[no] 明天与{ $cadre }谈心谈话
    }
    时间：{ $starts_at }
    地点：{ $place }
plantalk-eve-day =
    ⏰ 谈话提醒：{ $own ->
        [yes] 明天与{ $mentor }谈心谈话
       *[no] 明天与{ $cadre }谈心谈话
    }
    时间：{ $day }（{ $weekday }）
    地点：{ $place }
plantalk-button = 📅 约定谈话
