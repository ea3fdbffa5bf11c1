"""The chat: python-telegram-bot wiring, form state, rendering and delivery of notices."""
