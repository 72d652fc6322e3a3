"""Every benchmark, by name. Each returns a ``Comparison`` or a dict of figures."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bench import confidentiality, letters, pages, portal, retention

ALL: dict[str, Callable[[], Any]] = {
    "field_encrypt_decrypt": confidentiality.field_encryption,
    "list_50_narratives_decrypted": confidentiality.list_decrypted,
    "case_permission_check": confidentiality.permission_check,
    "filtered_case_list": confidentiality.filtered_list,
    "master_key_rotation": confidentiality.rotation_speed,
    "blind_index_lookup": confidentiality.blind_index_lookup,
    "inbox_query_vs_bare_viewflow": pages.inbox_query_vs_viewflow,
    "page_inbox": pages.inbox,
    "page_case": pages.case_page,
    "page_case_list": pages.case_list,
    "page_intake_form": pages.intake,
    "page_start": pages.start_page,
    "page_person_form": pages.person_form,
    "page_indicators": pages.dashboard,
    "indicators_vs_bare_count": pages.indicators_vs_count,
    "portal_submission": portal.submission,
    "portal_follow_page": portal.follow_page,
    "page_indicators_group_vs_count": pages.indicators_group_page_vs_count,
    "page_indicators_entity_vs_count": pages.indicators_entity_page_vs_count,
    "letter_docx": letters.letter_docx,
    "letter_pdf": letters.letter_pdf,
    "apply_retention": retention.apply_retention_speed,
}
