"""Mail: drafts and their templates, sending over SMTP, the mail servers' settings and
passwords, and the reply watcher reading IMAP.
"""

from __future__ import annotations

from followthrough.services import lazy_names

TYPE_CHECKING = False  # the typing module costs the fast paths; type checkers read this as True
if TYPE_CHECKING:
    from followthrough.services.mail.draft_templates import (
        applications,
        names,
        preview,
        reset,
        save,
        template,
        templates,
    )
    from followthrough.services.mail.drafts import (
        checklist_text,
        draft_for,
        drafts_for,
        files_stamp,
        playbook_words,
        reads_clock,
    )
    from followthrough.services.mail.mail_setup import mail_servers, save_mail_server, test_server
    from followthrough.services.mail.mailer import MailUncertain, configured, save_smtp_settings
    from followthrough.services.mail.scheduled import (
        NotScheduled,
        Scheduled,
        cancel_scheduled,
        deliver_due,
        edit_scheduled,
        keep_sending,
        mail_states,
        scheduled_messages,
        send_or_schedule,
        send_scheduled_now,
    )
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

# Each name, from the module that holds it: loaded when first asked for, so that a front
# end loads only what its command uses and no package waits on another's face.
_HOMES: dict[str, tuple[str, str]] = {
    "NotScheduled": ("scheduled", "NotScheduled"),
    "Scheduled": ("scheduled", "Scheduled"),
    "cancel_scheduled": ("scheduled", "cancel_scheduled"),
    "deliver_due": ("scheduled", "deliver_due"),
    "edit_scheduled": ("scheduled", "edit_scheduled"),
    "keep_sending": ("scheduled", "keep_sending"),
    "mail_states": ("scheduled", "mail_states"),
    "scheduled_messages": ("scheduled", "scheduled_messages"),
    "send_or_schedule": ("scheduled", "send_or_schedule"),
    "send_scheduled_now": ("scheduled", "send_scheduled_now"),
    "AlreadySent": ("sending", "AlreadySent"),
    "ENV": ("secrets", "ENV"),
    "MailUncertain": ("mailer", "MailUncertain"),
    "PassResult": ("watch_pass", "PassResult"),
    "PossibleResponseNotFound": ("watch", "PossibleResponseNotFound"),
    "SENDABLE": ("sending", "SENDABLE"),
    "Server": ("servers", "Server"),
    "applications": ("draft_templates", "applications"),
    "checklist_text": ("drafts", "checklist_text"),
    "configured": ("mailer", "configured"),
    "confirm": ("watch", "confirm"),
    "dismiss": ("watch", "dismiss"),
    "domains_from_text": ("watch", "domains_from_text"),
    "draft_for": ("drafts", "draft_for"),
    "drafts_for": ("drafts", "drafts_for"),
    "edited_message": ("sending", "edited_message"),
    "files_stamp": ("drafts", "files_stamp"),
    "mail_servers": ("mail_setup", "mail_servers"),
    "message_for_step": ("sending", "message_for_step"),
    "names": ("draft_templates", "names"),
    "password": ("secrets", "password"),
    "playbook_words": ("drafts", "playbook_words"),
    "preview": ("draft_templates", "preview"),
    "reads_clock": ("drafts", "reads_clock"),
    "received_on": ("watch", "received_on"),
    "require_keyring": ("secrets", "require_keyring"),
    "reset": ("draft_templates", "reset"),
    "save": ("draft_templates", "save"),
    "save_imap_settings": ("watch", "save_imap_settings"),
    "save_mail_server": ("mail_setup", "save_mail_server"),
    "save_smtp_settings": ("mailer", "save_smtp_settings"),
    "send_state": ("sending", "send_state"),
    "send_step": ("sending", "send_step"),
    "set_domains": ("watch", "set_domains"),
    "store_imap_password": ("watch", "store_imap_password"),
    "store_password": ("secrets", "store_password"),
    "template": ("draft_templates", "template"),
    "templates": ("draft_templates", "templates"),
    "test_server": ("mail_setup", "test_server"),
    "uncertain_steps": ("sending", "uncertain_steps"),
    "watch_loop": ("watch_pass", "watch_loop"),
    "watch_once": ("watch_pass", "watch_once"),
}

__all__ = [
    "ENV",
    "SENDABLE",
    "AlreadySent",
    "MailUncertain",
    "NotScheduled",
    "PassResult",
    "PossibleResponseNotFound",
    "Scheduled",
    "Server",
    "applications",
    "cancel_scheduled",
    "checklist_text",
    "configured",
    "confirm",
    "deliver_due",
    "dismiss",
    "domains_from_text",
    "draft_for",
    "drafts_for",
    "edit_scheduled",
    "edited_message",
    "files_stamp",
    "keep_sending",
    "mail_servers",
    "mail_states",
    "message_for_step",
    "names",
    "password",
    "playbook_words",
    "preview",
    "reads_clock",
    "received_on",
    "require_keyring",
    "reset",
    "save",
    "save_imap_settings",
    "save_mail_server",
    "save_smtp_settings",
    "scheduled_messages",
    "send_or_schedule",
    "send_scheduled_now",
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


if not TYPE_CHECKING:  # hidden from type checkers, so a name not listed above is an error
    __getattr__ = lazy_names(__name__, _HOMES)
