"""recallbot: a Telegram assistant for a cadre recall-management programme."""

import os

# python-telegram-bot 22 gives retry_after as a timedelta only when asked (else it warns).
os.environ.setdefault("PTB_TIMEDELTA", "true")
