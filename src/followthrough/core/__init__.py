"""The domain, the playbook and the planner: pure Python, no I/O, no clock."""
