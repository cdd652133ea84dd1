"""Writes the malformed-file corpus next to this script: python tests/malformed/make_corpus.py.

Each file breaks one rule an importer must enforce; test_csv_malformed_corpus.py feeds
every one to `followthrough import` and expects exit code 2, one line naming where, and
an unchanged database.
"""
# ruff: noqa: E501

from __future__ import annotations

from pathlib import Path

out = Path(__file__).resolve().parent
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"


def ics(body: str, head: str = "") -> str:
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n" + head + body + "END:VCALENDAR\r\n"


EV = "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20261101T120000Z\r\nDTSTART:{start}\r\nSUMMARY:Interview at Acme Corp\r\nORGANIZER;CN=Ann Lee:mailto:ann@acme.com\r\n{more}END:VEVENT\r\n"


def ev(uid="u1@acme.com", start="20261110T150000Z", more=""):
    return EV.format(uid=uid, start=start, more=more)


def card(body: str) -> str:
    return "BEGIN:VCARD\r\nVERSION:3.0\r\n" + body + "END:VCARD\r\n"


files: dict[str, bytes | str] = {
    # -- followthrough/1 JSON
    "json_truncated.json": '{"format": "followthrough/1", "applications": [{"id": "x", "company": "A',
    "json_latin1.json": '{"format": "followthrough/1", "profile": {"name": "Zoé"}}'.encode("latin-1"),
    "json_nul_byte.json": b'{"format": "followthrough/1",\x00 "applications": []}',
    "json_duplicate_key.json": '{"format": "followthrough/1", "format": "followthrough/1", "applications": []}',
    "json_wrong_format.json": '{"format": "jobtracker/9", "applications": []}',
    "json_empty.json": "",
    "json_top_level_array.json": "[]",
    "json_utf16_without_bom.json": '{"format": "followthrough/1", "applications": []}'.encode("utf-16-le"),
    "json_deep_nesting.json": "[" * 100000,
    "json_huge_line_truncated.json": '{"format": "followthrough/1", "profile": {"name": "' + "A" * 300000,
    "json_bad_date.json": '{"format": "followthrough/1", "applications": [{"id": "acme-2", "company": "Acme", "role": "R", "contacts": [], "events": [{"type": "interview", "on": "2026-13-45", "with": []}]}]}',
    "json_unknown_contact.json": '{"format": "followthrough/1", "applications": [{"id": "acme-2", "company": "Acme", "role": "R", "contacts": [], "events": [{"type": "interview", "on": "2026-11-03", "with": ["ghost"]}]}]}',
    "json_binary.json": PNG,
    # -- iCalendar invitations
    "ics_truncated.ics": "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:u1@acme.com\r\nDTSTART:20261110T15",
    "ics_end_without_begin.ics": ics(ev() + "END:VEVENT\r\n"),
    "ics_mismatched_end.ics": ics(ev().replace("END:VEVENT", "END:VTODO")),
    "ics_never_closed.ics": ics(ev()).replace("END:VCALENDAR\r\n", ""),
    "ics_latin1.ics": ics(ev(more="LOCATION:Salle de réunion\r\n")).encode("latin-1"),
    "ics_nul_byte.ics": ics(ev(more="DESCRIPTION:see\x00you\r\n")),
    "ics_huge_line.ics": ics(ev(more="DESCRIPTION:" + "x" * 50000 + "\r\n")),
    # folded, but one of its continuation lines is itself 40 KB: not a content line
    "ics_huge_folded_line.ics": ics(ev(more="DESCRIPTION:" + "y" * 70 + "\r\n " + "z" * 40000 + "\r\n")),
    "ics_duplicate_uid.ics": ics(ev() + ev(start="20261111T150000Z")),
    "ics_no_vevent.ics": ics("BEGIN:VTODO\r\nUID:t@x\r\nSUMMARY:todo\r\nEND:VTODO\r\n"),
    "ics_no_dtstart.ics": ics(ev().replace("DTSTART:20261110T150000Z\r\n", "")),
    "ics_no_uid.ics": ics(ev().replace("UID:u1@acme.com\r\n", "")),
    "ics_empty_uid.ics": ics(ev(uid="")),
    "ics_dtstart_not_a_date.ics": ics(ev(start="next tuesday")),
    "ics_dtstart_iso_dashes.ics": ics(ev(start="2026-11-10T15:00:00")),
    "ics_impossible_date.ics": ics(ev(start="20261345T100000")),
    "ics_impossible_time.ics": ics(ev(start="20261110T256100")),
    "ics_unknown_timezone.ics": ics(
        ev().replace("DTSTART:20261110T150000Z", "DTSTART;TZID=Mars/Olympus_Mons:20261110T150000")
    ),
    "ics_not_a_calendar.ics": "Hello Jordan,\r\nsee you Tuesday at 3pm.\r\n",
    "ics_empty.ics": "",
    "ics_wrong_outer_block.ics": card("FN:Ann Lee\r\n"),
    "ics_cancellation.ics": ics(ev(), head="METHOD:CANCEL\r\n"),
    "ics_bad_attendee.ics": ics(ev(more="ATTENDEE;CN=Bo:mailto:bo at acme\r\n")),
    "ics_attendee_without_name.ics": ics(ev(more="ATTENDEE:urn:uuid:1234\r\n")),
    "ics_property_after_end.ics": ics(ev()) + "SUMMARY:stray\r\n",
    "ics_line_without_colon.ics": ics(ev(more="this line has no colon\r\n")),
    "ics_utf16_without_bom.ics": ics(ev()).encode("utf-16-le"),
    "ics_binary.ics": PNG,
    "ics_bad_sequence.ics": ics(ev(more="SEQUENCE:first\r\n")),
    "ics_begin_without_name.ics": ics(ev(more="BEGIN:\r\n")),
    # -- vCards
    "vcf_truncated.vcf": "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Le",
    "vcf_end_twice.vcf": card("FN:Ann Lee\r\n") + "END:VCARD\r\n",
    "vcf_nested_begin.vcf": "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\n" + card("FN:Bo Park\r\n"),
    "vcf_latin1.vcf": card("FN:Zoé Martin\r\n").encode("latin-1"),
    "vcf_nul_byte.vcf": card("FN:Ann\x00Lee\r\n"),
    "vcf_huge_line.vcf": card("FN:Ann Lee\r\nNOTE:" + "n" * 60000 + "\r\n"),
    "vcf_duplicate_uid.vcf": card("FN:Ann Lee\r\nUID:same-1\r\n") + card("FN:Bo Park\r\nUID:same-1\r\n"),
    "vcf_no_name.vcf": card("TITLE:Director\r\nEMAIL:ann@acme.com\r\n"),
    "vcf_bad_email.vcf": card("FN:Ann Lee\r\nEMAIL:ann at acme dot com\r\n"),
    "vcf_bad_version.vcf": card("FN:Ann Lee\r\n").replace("VERSION:3.0", "VERSION:5.0"),
    "vcf_empty.vcf": "",
    "vcf_not_a_card.vcf": "Ann Lee, Director, Acme Corp, +1 555 0100\r\n",
    "vcf_phone_without_digits.vcf": card("FN:Ann Lee\r\nTEL;TYPE=WORK:call the front desk\r\n"),
    "vcf_binary.vcf": PNG,
    "vcf_wrong_outer_block.vcf": ics(ev()),
    "vcf_control_characters.vcf": card("FN:Ann\x07Lee\r\n"),
    "vcf_second_card_bad.vcf": card("FN:Ann Lee\r\nEMAIL:ann@acme.com\r\n") + card("EMAIL:bo@acme.com\r\n"),
    "vcf_utf16_without_bom.vcf": card("FN:Ann Lee\r\n").encode("utf-16-le"),
    # -- spreadsheets
    "csv_empty.csv": "",
    "csv_header_only.csv": "company,role,applied_on\r\n",
    "csv_no_company_column.csv": "employer_name_x,role\r\nAcme,Analyst\r\n",
    "csv_no_role_column.csv": "company,salary\r\nAcme,55k\r\n",
    "csv_empty_company.csv": "company,role\r\nAcme,Analyst\r\n,Analyst\r\n",
    "csv_empty_role.csv": "company,role\r\nAcme,\r\n",
    "csv_bad_date.csv": "company,role,applied_on\r\nAcme,Analyst,yesterday-ish\r\n",
    "csv_duplicate_id.csv": "id,company,role\r\nacme-a,Acme,Analyst\r\nacme-a,Acme,Engineer\r\n",
    "csv_bad_id.csv": "id,company,role\r\nAcme Analyst!,Acme,Analyst\r\n",
    "csv_ragged_row.csv": "company,role\r\nAcme,Analyst,surprise,cells\r\n",
    "csv_unterminated_quote.csv": 'company,role\r\n"Acme,Analyst\r\nGlobex,Analyst\r\n',
    "csv_nul_byte.csv": "company,role\r\nAc\x00me,Analyst\r\n",
    "csv_huge_field.csv": "company,role\r\nAcme," + "R" * 200000 + "\r\n",
    "csv_bad_email.csv": "company,role,contact_email\r\nAcme,Analyst,ann(at)acme\r\n",
    "csv_binary.csv": PNG,
    "csv_utf16_without_bom.csv": "company,role\r\nAcme,Analyst\r\n".encode("utf-16-le"),
    "csv_control_characters.csv": "company,role\r\nAcme\x07Corp,Analyst\r\n",
}
for name, content in files.items():
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    (out / name).write_bytes(data)
print(f"{len(files)} files written to {out}")
