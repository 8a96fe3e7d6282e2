"""factbot: answers questions about a body of news coverage, citing the articles."""

__version__ = "0.1.0"
