"""Tables for the job search, and the one place that writes SQL.

This package's ``__init__`` imports nothing of Django, so the agenda's fast path
(:mod:`followthrough.store.fast_agenda`) can live here without paying for it.
"""
