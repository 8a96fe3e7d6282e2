"""Development tools: fitting the scorer. Not imported by the bot."""
