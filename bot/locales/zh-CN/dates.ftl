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
zone-asia-shanghai = 北京时间（Asia/Shanghai）
zone-asia-urumqi = 乌鲁木齐时间（Asia/Urumqi）
zone-asia-hong-kong = 香港时间（Asia/Hong_Kong）
zone-europe-london = 伦敦时间（Europe/London）
zone-utc = 协调世界时（UTC）
