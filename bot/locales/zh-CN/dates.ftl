## Days and time zones as the bot shows them.

weekday-0 = 周一
weekday-1 = 周二
weekday-2 = 周三
weekday-3 = 周四
weekday-4 = 周五
weekday-5 = 周六
weekday-6 = 周日
day-with-weekday = { $day }（{ $weekday }）
day-and-time = { $day }{ $time }
