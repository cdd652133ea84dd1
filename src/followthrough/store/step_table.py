"""The tables the sqlite3 fast paths read and write (done, skip), as the models define
them: table and column names, in the models' order.

Generated from the models' ``_meta`` by ``python -m followthrough.store.describe_tables``;
do not edit (tests/test_step_table.py compares it with the models). Free of Django, so
the fast paths may import it.
"""

APPLICATION_TABLE = "ft_application"
APPLICATION_COLUMNS = (
    "id",
    "owner_id",
    "slug",
    "company",
    "role",
    "applied_on",
    "status",
    "outcome",
    "extra",
    "domains",
    "url",
    "location",
    "salary",
    "notes",
    "tags",
    "priority",
    "stage",
    "timezone",
    "country",
    "promised_on",
    "interviews",
    "last_event_on",
)

CONTACT_TABLE = "ft_contact"
CONTACT_COLUMNS = (
    "id",
    "application_id",
    "key",
    "name",
    "role",
    "title",
    "phone",
    "email",
    "relation",
    "salutation",
    "person",
    "position",
    "extra",
)

EVENT_TABLE = "ft_event"
EVENT_COLUMNS = (
    "id",
    "application_id",
    "position",
    "type",
    "on",
    "payload",
    "recorded_at",
)

PROFILE_TABLE = "ft_profile"
PROFILE_COLUMNS = (
    "id",
    "owner_id",
    "name",
    "home_address",
    "phone",
    "email",
    "timezone",
    "country",
    "extra",
    "smtp_host",
    "smtp_port",
    "smtp_security",
    "smtp_user",
    "imap_host",
    "imap_port",
    "imap_security",
    "imap_user",
    "digest_time",
    "holidays",
    "readings",
    "calendar_token",
    "serve_port",
    "draft_templates",
)

STEP_TABLE = "ft_step"
STEP_COLUMNS = (
    "id",
    "application_id",
    "kind",
    "contact_id",
    "contact_key",
    "due",
    "status",
    "done_on",
    "flags",
    "phase",
)
