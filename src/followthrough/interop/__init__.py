"""Files in and out: the exchange format (later iCalendar, vCard, CSV, e-mail)."""
