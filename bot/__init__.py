"""recallbot: a Telegram assistant for a cadre recall-management programme."""

import os

# python-telegram-bot 22 reports retry_after as a timedelta only when asked to (and warns otherwise).
os.environ.setdefault("PTB_TIMEDELTA", "true")
