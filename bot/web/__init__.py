"""The bot's own web server: health, the webhook, and the routes other parts add (Mini App)."""
