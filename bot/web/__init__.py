"""The bot's web side: the Mini App dashboard (and the web server that carries it)."""
