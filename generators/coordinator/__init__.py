"""The coordinator's tools: status report, calendar, survey import, pairing suggestions, export.

Each module holds the logic of one `handbook` subcommand and nothing of the command line, so
the site can render the same data (one "Updates" page a reporting date, `program.json`).
"""
