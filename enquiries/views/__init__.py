"""Enquiry pages, one module per concern; each view parses, checks, calls one service.

Every page answers 404 to anyone without the enquiry permission it needs, whether
the enquiry exists or not (T1, T2); reads of minutes, files and the report are
written to the access log by the services they call. Ids arrive as ``uuid.UUID``
(``<uuid:>`` converters in ``enquiries.urls``): a malformed id is a 404 before any
view runs.

- ``commission``: list, opening, the enquiry page, appointing, ending, conflicts;
- ``interviews``: witnesses, planning, the interview page and its actions;
- ``minutes``: writing, reading back and signing the minutes;
- ``files``: uploads (permission checked before the body is read) and downloads;
- ``report``: writing and submitting the report;
- ``letters``: drafting a letter an enquiry step calls for;
- ``roster``: the entity's pool of investigators (entity administrators).
"""
