"""Mail: drafts and their templates, sending over SMTP, the mail servers' settings and
passwords, and the reply watcher reading IMAP.
"""

from followthrough.services.mail.draft_templates import applications, names, preview, reset, save, template, templates
from followthrough.services.mail.drafts import checklist_text, draft_for, drafts_for, files_stamp, reads_clock
from followthrough.services.mail.mail_setup import mail_servers, save_mail_server, test_server
from followthrough.services.mail.mailer import MailUncertain, configured, save_smtp_settings
from followthrough.services.mail.secrets import ENV, password, require_keyring, store_password
from followthrough.services.mail.sending import (
    SENDABLE,
    AlreadySent,
    edited_message,
    message_for_step,
    send_state,
    send_step,
    uncertain_steps,
)
from followthrough.services.mail.servers import Server
from followthrough.services.mail.watch import (
    PossibleResponseNotFound,
    confirm,
    dismiss,
    domains_from_text,
    received_on,
    save_imap_settings,
    set_domains,
    store_imap_password,
)
from followthrough.services.mail.watch_pass import PassResult, watch_loop, watch_once

__all__ = [
    "ENV",
    "SENDABLE",
    "AlreadySent",
    "MailUncertain",
    "PassResult",
    "PossibleResponseNotFound",
    "Server",
    "applications",
    "checklist_text",
    "configured",
    "confirm",
    "dismiss",
    "domains_from_text",
    "draft_for",
    "drafts_for",
    "edited_message",
    "files_stamp",
    "mail_servers",
    "message_for_step",
    "names",
    "password",
    "preview",
    "reads_clock",
    "received_on",
    "require_keyring",
    "reset",
    "save",
    "save_imap_settings",
    "save_mail_server",
    "save_smtp_settings",
    "send_state",
    "send_step",
    "set_domains",
    "store_imap_password",
    "store_password",
    "template",
    "templates",
    "test_server",
    "uncertain_steps",
    "watch_loop",
    "watch_once",
]
