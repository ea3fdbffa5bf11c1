## branch editcase3: /editcase, an admin edits a recall or reassigns its mentor (issue 10 point 15)

cmd-editcase = Edit a recall
editcase-pick = Whose recall do you want to edit?
editcase-ask-field = { $case }
    What do you want to change?
editcase-field-unit = unit
editcase-field-position = position
editcase-field-rank = rank
editcase-field-principal = principal
editcase-field-cohort = cohort
editcase-field-mentors = mentors
editcase-field-supervisors = supervisors
editcase-ask-unit = Unit now: { $current }
    Send the new unit:
editcase-ask-position = Position now: { $current }
    Send the new position, or press "Clear":
editcase-ask-rank = Rank now: { $current }
    Choose the new rank:
editcase-ask-principal = Principal now: { $current }
    Choose:
editcase-ask-cohort = Cohort now: { $current }
    Send the new cohort, or press "Clear":
editcase-ask-mentors = Mentors now: { $current }
    Send the new mentor name(s), separated by commas. A mentor not listed is taken off this recall.
editcase-ask-supervisors = Supervisors now: { $current }
    Send all the supervisors as they should be (separated by commas), or press "Clear".
editcase-clear = 🧹 Clear
editcase-confirm = <b>Please confirm the change to the recall</b>
    { $case }
editcase-change = { $field }: { $before } → { $after }
editcase-saved = ✅ { $case }: { $field } is now { $after }
error-edit-unchanged = That is what it is already: nothing to change.
error-edit-mentor-required = Please name at least one mentor.
case-mentor-changed = 👥 Your recall has a new mentor: { $mentor }.
case-unassigned = 📂 You are no longer { $role } of { $cadre }'s recall ({ $unit }): an admin changed who follows it. Its records are no longer shown to you.
