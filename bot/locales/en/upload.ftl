## branch upload3: an admin imports a cohort by sending the file to the bot (issue 10 point 15)
upload-done = Cohort imported: { $added } { $added ->
        [one] row
       *[other] rows
    } added, { $opened } { $opened ->
        [one] recall
       *[other] recalls
    } started, { $closed } concluded { $closed ->
        [one] recall
       *[other] recalls
    } on record; { $present } already present, not imported again.
upload-progress = Importing: { $done } of { $total } rows written…
upload-not-allowed = Only an admin can import a cohort by sending a file.
upload-wrong-type = { $name }: only .csv and .xlsx cohort files can be imported. Nothing was changed.
upload-too-large = The file is too large (at most { $limit } MB). Nothing was changed. Split it and send the parts.
upload-download-failed = The file could not be received. Nothing was changed. Please send it again.
