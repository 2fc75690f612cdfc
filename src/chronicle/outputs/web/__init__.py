"""The web view: server-rendered pages and a JSON API (app), with their templates and stylesheet."""
