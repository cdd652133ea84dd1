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

# -- hostile/: hand-picked nasties (issue 9), each either refused cleanly ("no_") or
# accepted with a backup that restores identically ("ok_"); test_fuzz_corpus.py.
EW = "=?utf-8?q?Pat=0D=0ABcc:_spy@attacker.example?="


def doc(app: str = "", profile: str = "", contact: str = "", event: str = "") -> str:
    return (
        '{"format": "followthrough/1", "profile": {"name": "Jordan", "timezone": "America/Chicago"' + profile + "}, "
        '"applications": [{"id": "globex", "company": "Globex", "role": "Analyst"' + app + ", "
        '"contacts": [{"key": "ann", "name": "Ann Lee", "role": "hiring_officer"' + contact + "}], "
        '"events": [{"type": "interview", "on": "2026-11-03", "with": ["ann"]' + event + "}]}]}"
    )


hostile: dict[str, bytes | str] = {
    "ok_json_plain.json": doc(),
    "ok_json_first_day.json": doc(app=', "applied_on": "1900-01-01"'),
    "ok_json_last_day.json": doc(event=', "x-when": "9999-12-31"').replace("2026-11-03", "2200-12-31"),
    "ok_json_timeframe_overflow.json": doc().replace(
        '"with": ["ann"]}',
        '"with": ["ann"]}, {"type": "debrief", "on": "2026-11-03", "timeframe": "99999999999999999999 weeks"}',
    ),
    "ok_json_unknown_fields.json": doc(app=', "x-a": {"b": [1, 2.5e-7, -0.0, 1e299, null, true, "\u2028"]}'),
    "ok_json_vcard_fields.json": doc(
        contact=', "emails": ["a@b.example"], "phone_types": {"+1 555": "cell"}, "name_parts": {"given": "Ann"}'
    ),
    "ok_json_ical_fields.json": doc(event=', "ical_uid": "u1@globex.com", "ical_sequence": 2147483647'),
    "no_json_year_9999.json": doc(app=', "applied_on": "9999-12-31"'),
    "no_json_year_1.json": doc().replace("2026-11-03", "0001-01-01"),
    "no_json_year_10000.json": doc().replace("2026-11-03", "10000-01-01"),
    "no_json_decision_by_2201.json": doc().replace(
        '"with": ["ann"]}',
        '"with": ["ann"]}, {"type": "response", "on": "2026-11-04", "outcome": "not_decided", "decision_by": "2201-01-01"}',
    ),
    "no_json_4400_digits.json": doc(app=', "x-big": ' + "9" * 4400),
    "no_json_301_digits.json": doc(app=', "x-big": -' + "9" * 301),
    "no_json_nan.json": doc(app=', "x-nan": NaN'),
    "no_json_infinity.json": doc(profile=', "x-inf": Infinity'),
    "no_json_1e999.json": doc(contact=', "x-huge": 1e999'),
    "no_json_timezone_folder.json": doc().replace("America/Chicago", "America"),
    "no_json_timezone_5000.json": doc().replace("America/Chicago", "Europe/" + "x" * 5000),
    "no_json_lone_surrogate_name.json": doc().replace("Ann Lee", "Ann \\ud800Lee"),
    "no_json_lone_surrogate_unknown.json": doc(app=', "x-s": "\\udfff"'),
    "no_json_nul_unknown.json": doc(app=', "x-s": "a\\u0000b"'),
    "no_json_with_list_of_list.json": doc().replace('"with": ["ann"]', '"with": [[1]]'),
    "no_json_with_object.json": doc().replace('"with": ["ann"]', '"with": [{"key": "ann"}]'),
    "no_json_id_javascript.json": doc().replace('"globex"', '"javascript:alert(10)"'),
    "no_json_id_101.json": doc().replace('"globex"', '"' + "g" * 101 + '"'),
    "no_json_emails_number.json": doc(contact=', "emails": 5'),
    "no_json_phone_types_list.json": doc(contact=', "phone_types": ["cell"]'),
    "no_json_ical_sequence_text.json": doc(event=', "ical_sequence": "abc"'),
    "no_json_ical_sequence_huge.json": doc(event=', "ical_sequence": 2147483648'),
    "no_json_encoded_word_name.json": doc().replace("Ann Lee", EW),
    "no_json_encoded_word_profile.json": doc().replace('"Jordan"', '"' + EW + '"'),
    "no_json_line_separator.json": doc().replace("Ann Lee", "Ann\\u2028Bcc: x@y.example"),
    "no_json_next_line.json": doc().replace("Globex", "Glo\\u0085bex", 1),
    "ok_csv_plain.csv": "company,role,applied_on,contact_name\r\nInitech,Analyst,2026-10-01,Bo Park\r\n",
    "ok_csv_formula_cells.csv": "company,role,Notes\r\nInitech,Analyst,=1+1\r\nGlobex,Analyst,@SUM(A1)\r\n",
    "no_csv_year_1.csv": "company,role,applied_on\r\nInitech,Analyst,0001-01-01\r\n",
    "no_csv_year_9999.csv": "company,role,applied_on\r\nInitech,Analyst,12/31/9999\r\n",
    "no_csv_encoded_word.csv": f'company,role,contact_name\r\nInitech,Analyst,"{EW}"\r\n',
    "no_csv_line_separator.csv": "company,role\r\nInitech,Ana\u2028lyst\r\n",
    "no_csv_line_break_in_cell.csv": 'company,role\r\n"Init\r\nech",Analyst\r\n',
    "no_csv_id_javascript.csv": "id,company,role\r\njavascript:alert(10),Initech,Analyst\r\n",
    "ok_csv_not_utf8_read_as_a_code_page.csv": b"company,role\r\nInitech,\xed\xa0\x80Analyst\r\n",
    "ok_ics_plain.ics": ics(ev()),
    "ok_ics_last_day.ics": ics(ev(start="22001230T150000Z")),
    "no_ics_year_1.ics": ics(ev(start="00010101T000000Z")),
    "no_ics_year_9999.ics": ics(ev(start="99991231T235959Z")),
    "no_ics_year_1899_in_chicago.ics": ics(ev(start="19000101T030000Z")),
    "no_ics_sequence_5000_digits.ics": ics(ev(more="SEQUENCE:" + "9" * 5000 + "\r\n")),
    "no_ics_sequence_superscript.ics": ics(ev(more="SEQUENCE:\u00b2\r\n")),
    "no_ics_organizer_encoded_word.ics": ics(ev().replace("CN=Ann Lee", f'CN="{EW}"')),
    "no_ics_attendee_line_separator.ics": ics(ev(more="ATTENDEE;CN=Bo\u2028Bcc: x@y.example:mailto:bo@acme.com\r\n")),
    "no_ics_attendee_encoded_address.ics": ics(ev(more=f"ATTENDEE;CN=Bo:mailto:{EW}@acme.com\r\n")),
    "no_ics_tzid_folder.ics": ics(ev().replace("DTSTART:20261110T150000Z", "DTSTART;TZID=America:20261110T150000")),
    "no_ics_tzid_5000.ics": ics(
        ev().replace("DTSTART:20261110T150000Z", "DTSTART;TZID=" + "Z" * 5000 + ":20261110T150000")
    ),
    "ok_vcf_grouped_properties.vcf": card(
        "FN:Cy Diaz\r\nitem1.TEL:+1 555 0199\r\nitem1.X-ABLabel:mobile\r\nitem2.EMAIL;type=INTERNET:cy@acme.com\r\n"
    ),
    "ok_vcf_full.vcf": card(
        "FN:Dr. Nia Okafor\r\nN:Okafor;Nia;;Dr.;PhD\r\nORG:Acme Corp;Analytics\r\nTEL;TYPE=CELL:+1 555 0101\r\n"
    ),
    "no_vcf_grouped_tel_without_digits.vcf": card("FN:Cy Diaz\r\nitem1.TEL:call the desk\r\n"),
    "no_vcf_grouped_bad_email.vcf": card("FN:Cy Diaz\r\nitem1.EMAIL:cy at acme\r\n"),
    "no_vcf_encoded_word_name.vcf": card(f"FN:{EW}\r\n"),
    "no_vcf_encoded_word_org.vcf": card(f"FN:Cy\r\nitem3.ORG:{EW}\r\n"),
    "no_vcf_line_separator_name.vcf": card("FN:Cy\u2028Bcc: x@y.example\r\n"),
    "no_vcf_next_line_title.vcf": card("FN:Cy\r\nTITLE:Boss\u0085Bcc: x@y.example\r\n"),
}
(out / "hostile").mkdir(exist_ok=True)
files |= {f"hostile/{name}": content for name, content in hostile.items()}

for name, content in files.items():
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    (out / name).write_bytes(data)
print(f"{len(files)} files written to {out}")
