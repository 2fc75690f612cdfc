"""Outputs: the command line, the exports and the web view, all reading what the store holds."""
