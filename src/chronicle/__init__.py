"""Chronicle: raw news articles in, a sourced record of stories, events, quotes and entities out."""

__version__ = "0.1.0"
