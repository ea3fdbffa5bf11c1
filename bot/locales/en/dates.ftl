## Days and time zones as the bot shows them.

weekday-0 = Mon
weekday-1 = Tue
weekday-2 = Wed
weekday-3 = Thu
weekday-4 = Fri
weekday-5 = Sat
weekday-6 = Sun
day-with-weekday = { $weekday } { $day }
day-and-time = { $day } { $time }
zone-asia-shanghai = Beijing time (Asia/Shanghai)
zone-asia-urumqi = Urumqi time (Asia/Urumqi)
zone-asia-hong-kong = Hong Kong time (Asia/Hong_Kong)
zone-europe-london = London time (Europe/London)
zone-utc = UTC
