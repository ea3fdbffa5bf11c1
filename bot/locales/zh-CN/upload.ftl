## branch upload3: an admin imports a cohort by sending the file to the bot (issue 10 point 15)
upload-done = 名单已导入：新增 { $added } 条，其中启动召回管理 { $opened } 人、已办结的历史记录 { $closed } 条；已存在 { $present } 条，未重复导入。
upload-progress = 正在导入：已写入 { $done } / { $total } 条……
upload-not-allowed = 只有管理员可以通过发送文件导入干部名单。
upload-wrong-type = { $name }：只能导入 .csv 或 .xlsx 格式的名单文件，未作任何改动。
upload-too-large = 文件过大（上限 { $limit } MB），未作任何改动。请拆分后分批发送。
upload-download-failed = 未能接收该文件，未作任何改动。请稍后重新发送。
