"""The use cases both front ends call: record, re-plan, agenda, import and export.

Modules here import Django only inside functions or after :func:`connect`, so that a
front end can import them cheaply.
"""
