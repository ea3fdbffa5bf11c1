## plantalk3: a mentor arranges a coming heart-to-heart talk (issue 10 point 15)

cmd-plan_talk = Arrange a heart-to-heart talk
plantalk-pick-case = Arrange a talk with whom?
plantalk-day-0 = Today
plantalk-day-1 = Tomorrow
plantalk-day-2 = The day after
plantalk-ask-day = On which day will you talk with { $name }? Choose, or type a date (e.g. 20 Mar, 3/20).
plantalk-ask-time = Day: { $day }
    At what time? Type it (e.g. 14:30), or choose “No set time”.
plantalk-no-time = No set time
plantalk-expects-time = Please type a time, e.g. 14:30 or 9am.
plantalk-ask-place = When: { $when }
    Where will you talk?
plantalk-confirm = <b>Please confirm the talk</b>
    With: { $name }
    When: { $when }
    Where: { $place }
plantalk-saved = ✅ Talk with { $name } arranged: { $when }, { $place }. They have been told; you will both be reminded the day before.
plantalk-error-past = A talk cannot be arranged in the past: type today or a later day and time.
plantalk-error-after-period = That day is after the end of the recall ({ $end }): choose another.
plantalk-next = 🗓 Next talk: { $when }, { $place }
plantalk-scheduled =
    🗓 { $mentor } has arranged a heart-to-heart talk with you
    When: { $starts_at }
    Where: { $place }
    Please be there on time.
plantalk-scheduled-day =
    🗓 { $mentor } has arranged a heart-to-heart talk with you
    When: { $weekday } { $day }
    Where: { $place }
    Please be there on time.
plantalk-eve =
    ⏰ Talk tomorrow: { $own ->
        [yes] with { $mentor }
       *[no] with { $cadre }
    }
    When: { $starts_at }
    Where: { $place }
plantalk-eve-day =
    ⏰ Talk tomorrow: { $own ->
        [yes] with { $mentor }
       *[no] with { $cadre }
    }
    When: { $weekday } { $day }
    Where: { $place }
plantalk-button = 📅 Arrange a talk
