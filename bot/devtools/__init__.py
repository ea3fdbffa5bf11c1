"""Developer tools: the local Bot API emulator and the demo that drives the real bot on it."""
