"""Analyse: per-article NLP. Every function here is pure: one article in, its analysis out."""
