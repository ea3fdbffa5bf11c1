## branch editcase3: /editcase, an admin edits a recall or reassigns its mentor (issue 10 point 15)

cmd-editcase = 修改召回管理信息
editcase-pick = 修改哪位干部的召回管理信息？
editcase-ask-field = { $case }
    要修改哪一项？
editcase-field-unit = 单位
editcase-field-position = 职务
editcase-field-rank = 职级
editcase-field-principal = 主要负责人
editcase-field-cohort = 批次
editcase-field-mentors = 帮带人
editcase-field-supervisors = 督导
editcase-ask-unit = 现在的单位：{ $current }
    请发送新的单位名称：
editcase-ask-position = 现在的职务：{ $current }
    请发送新的职务，或点击“清空”：
editcase-ask-rank = 现在的职级：{ $current }
    请选择新的职级：
editcase-ask-principal = 现在是否为主要负责人：{ $current }
    请选择：
editcase-ask-cohort = 现在的批次：{ $current }
    请发送新的批次名称，或点击“清空”：
editcase-ask-mentors = 现在的帮带人：{ $current }
    请发送新的帮带人姓名（多人用逗号或顿号分隔）。未列出的帮带人将不再负责这项召回管理。
editcase-ask-supervisors = 现在的督导：{ $current }
    请发送调整后的全部督导姓名（多人用逗号或顿号分隔），或点击“清空”。
editcase-clear = 🧹 清空
editcase-confirm = <b>请确认修改召回管理信息</b>
    { $case }
editcase-change = { $field }：{ $before } → { $after }
editcase-saved = ✅ 已修改 { $case } 的{ $field }：{ $after }
error-edit-unchanged = 与现在相同，没有需要修改的内容。
error-edit-mentor-required = 请至少填写一位帮带人。
case-mentor-changed = 👥 您的召回管理已调整帮带人，现在的帮带人是：{ $mentor }。
case-unassigned = 📂 管理员已调整人员：您不再担任 { $cadre }（{ $unit }）召回管理的{ $role }，相关记录不再向您显示。
