"""The fast paths: `agenda`, `done` and `skip` on a SQLite file without Django or Click.

The modules here are imported one by one by the fast entry (cli/fast.py); this face
exports nothing, so that importing one of them never loads the others.
"""
