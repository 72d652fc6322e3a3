"""English versions of the letters whose addressee may not read French.

Students and staff of the IMT schools include many non-French speakers: the reporting
person, a witness or an interviewee must understand what they are told and what they
sign. French legal references are kept in French, with their meaning in English.
"""

from __future__ import annotations

from templates_legal.defaults.layout import Bold, Letter

CONFIDENTIAL = "Confidential"
DATE = "{% if entity_city %}{{ entity_city }}, {% endif %}{{ letter_date }}"
RECIPIENT = ("{{ recipient_name }}", "{% if recipient_address %}{{ recipient_address }}{% endif %}")
SALUTATION = "Dear {{ recipient_name }},"
REF = "Our ref.:"
OBJECT = "Subject:"
SERVICE_REPORTS = "Reporting system for violence, discrimination, harassment and sexist behaviour"
SERVICE_ENQUIRY = "Internal administrative enquiry commission"
SILENCE_CASE_LAW = (
    "Conseil constitutionnel, decision no. 2024-1105 QPC of 4 October 2024; "
    "Conseil d’État, 9 May 2025, no. 499277"
)


def _letter(title: str) -> Letter:
    return Letter(language="en", title=title, confidential_label=CONFIDENTIAL)


def _closing(letter: Letter) -> None:
    letter.para("Yours sincerely,", align="left", keep_with_next=True)
    letter.signature("{{ signatory_title }}", "{{ signatory_name }}", space=36)


def _contact(letter: Letter) -> None:
    letter.control("{%p if contact_email %}")
    letter.para(
        "If you have any question, please write to {{ contact_email }}, quoting the reference "
        "above; this mailbox is read only by the people handling your case."
    )
    letter.control("{%p endif %}")


def _support(letter: Letter) -> None:
    letter.control("{%p if support_resources %}")
    letter.para(
        "You may at any time seek support, free of charge and in confidence:",
        keep_with_next=True,
    )
    # One service a line, not justified (see letters_fr._support).
    letter.para("{{ support_resources }}", align="left", indent=0.8)
    letter.control("{%p endif %}")


def acknowledgement() -> Letter:
    letter = _letter("Acknowledgement of receipt of your report")
    letter.letterhead(service=SERVICE_REPORTS, date_line=DATE, recipient=RECIPIENT)
    letter.references(
        reference_label=REF, subject_label=OBJECT, subject="Acknowledgement of your report"
    )
    letter.salutation(SALUTATION)
    letter.para(
        "We acknowledge receipt of the report you sent to {{ entity_name }} on "
        "{{ report_received_date }}. It is registered under the reference ",
        Bold("{{ case_reference }}"),
        ", which please quote in any correspondence.",
    )
    letter.para(
        "Your report is examined by the referents in charge of receiving and handling reports, "
        "in the strictest confidence. Your identity, that of the persons concerned and the "
        "information gathered are shared only with the people who need them to handle the "
        "report; your identity may be disclosed only with your consent, except to the judicial "
        "authority (loi n° 2016-1691 of 9 December 2016, article 9)."
    )
    letter.para(
        "In accordance with article 4 of décret n° 2022-1284 of 3 October 2022, you will be "
        "informed in writing of the measures planned or taken to assess the accuracy of the "
        "facts and, where appropriate, to remedy the situation, no later than ",
        Bold("{{ feedback_deadline_date }}"),
        ". If you wish, you may ask to be received, in person or by video call; the meeting is "
        "then arranged within twenty working days.",
    )
    letter.para(
        "This step does not deprive you of any other right. You may at any time seek support "
        "(doctor, psychologist, social worker, victim support association) and file a "
        "complaint with the police or gendarmerie, or in writing with the public prosecutor "
        "(procureur de la République)."
    )
    _contact(letter)
    _closing(letter)
    return letter


def interview_summons() -> Letter:
    letter = _letter("Invitation to an interview")
    letter.letterhead(
        service=SERVICE_ENQUIRY,
        date_line=DATE,
        recipient=RECIPIENT,
        sending_mode="Confidential — sealed envelope",
    )
    letter.references(
        reference_label=REF,
        subject_label=OBJECT,
        subject="Invitation to an interview as part of an internal administrative enquiry",
    )
    letter.salutation(SALUTATION)
    letter.para(
        "As part of the internal administrative enquiry opened by {{ entity_name }}, the "
        "enquiry commission wishes to hear you as {{ recipient_capacity }}."
    )
    letter.para(
        "Please come on ",
        Bold("{{ interview_date }} at {{ interview_time }}"),
        ", ",
        Bold("{{ interview_place }}"),
        ". You will be received by {{ interviewers_names }}.",
    )
    letter.control("{%p if right_to_remain_silent %}")
    letter.para(
        Bold("Right to remain silent. "),
        "You are heard as a person implicated. You have the right to remain silent: during the "
        "interview you may make statements, answer the questions put to you or remain silent. "
        f"You will be reminded of this right at the start of the interview ({SILENCE_CASE_LAW}).",
    )
    letter.control("{%p endif %}")
    letter.para(
        "You may be accompanied by a person of your choice, who will be bound by the same "
        "confidentiality. Written minutes of the interview are taken, which you will be able to "
        "read, correct and sign; the interview may be recorded only with your prior written "
        "authorisation. You will be asked to sign a confidentiality commitment."
    )
    letter.para(
        "If you cannot attend on the proposed date, please let us know as soon as possible so "
        "that another date can be set"
        "{% if contact_email %}, by writing to {{ contact_email }}{% endif %}."
    )
    letter.para(
        "This letter and the information exchanged during the interview are strictly confidential."
    )
    _closing(letter)
    return letter


def confidentiality_commitment() -> Letter:
    letter = _letter("Confidentiality commitment")
    letter.form_head(
        service=SERVICE_REPORTS,
        title="Confidentiality commitment",
        subtitle="Case {{ case_reference }}",
    )
    letter.para(
        "I, the undersigned, ",
        Bold("{{ recipient_name }}"),
        ", taking part as {{ recipient_capacity }} in the handling of the report registered by "
        "{{ entity_name }} under the reference {{ case_reference }}, undertake:",
    )
    letter.bullet(
        "not to disclose to anyone any information I learn in the course of this procedure — "
        "identity of the persons, facts, content of interviews and documents — except to the "
        "judicial authority or to the people entitled to know it;"
    )
    letter.bullet(
        "not to keep any copy, note or recording of this information outside the documents "
        "given to me for the procedure, and to return or destroy them when it ends;"
    )
    letter.bullet(
        "not to contact any of the persons concerned about the facts outside the procedure;"
    )
    letter.bullet(
        "to report at once any link with the persons concerned or any conflict of interest I "
        "become aware of."
    )
    letter.para(
        "I am aware that the confidentiality of the identity of the authors of the report, of "
        "the persons concerned and of the information gathered is protected by article 9 of "
        "loi n° 2016-1691 of 9 December 2016 and article L. 135-3 of the code général de la "
        "fonction publique, and that disclosing such confidential information is punishable by "
        "two years' imprisonment and a fine of 30,000 euros."
    )
    letter.para("This commitment remains binding after the procedure has ended.")
    letter.spacer(8)
    letter.para(
        "Signed{% if entity_city %} at {{ entity_city }}{% endif %} on {{ letter_date }}, in "
        "two copies.",
        align="left",
    )
    letter.signature_boxes([("Signature", "preceded by the handwritten words “Read and approved”")])
    return letter


def recording_authorisation() -> Letter:
    letter = _letter("Authorisation to record an interview")
    letter.form_head(
        service=SERVICE_ENQUIRY,
        title="Authorisation to record an interview",
        subtitle="Case {{ case_reference }}",
    )
    letter.para(
        "I, the undersigned, ",
        Bold("{{ recipient_name }}"),
        ", heard on {{ interview_date }} by the enquiry commission of {{ entity_name }} "
        "({{ interviewers_names }}), have been informed that:",
    )
    letter.bullet(
        "the audio recording of the interview is used only to produce faithful minutes of my "
        "statements, which I will be able to read, correct and sign (Directive (EU) 2019/1937 "
        "of 23 October 2019, article 18);"
    )
    letter.bullet(
        "the recording is stored encrypted, accessible only to the members of the commission, "
        "{% if recording_retention %}{{ recording_retention }}{% else %}and destroyed as soon "
        "as the minutes are signed{% endif %};"
    )
    letter.bullet(
        "I may refuse the recording without giving reasons and withdraw my authorisation at any "
        "time, including during the interview, which then continues without recording;"
    )
    letter.bullet(
        "I have the rights of access, rectification and restriction provided by Regulation (EU) "
        "2016/679 (GDPR), which I may exercise with the data protection officer of "
        "{{ entity_name }}."
    )
    letter.para("Accordingly (tick one box):", align="left")
    letter.para("☐  I authorise the audio recording of my interview.", indent=1)
    letter.para("☐  I do not authorise the recording of my interview.", indent=1)
    letter.spacer(6)
    letter.para(
        "Signed{% if entity_city %} at {{ entity_city }}{% endif %} on {{ letter_date }}.",
        align="left",
    )
    letter.signature_boxes(
        [
            ("The person interviewed", "{{ recipient_name }}"),
            ("For the enquiry commission", "{{ interviewers_names }}"),
        ]
    )
    return letter


def follow_up_information() -> Letter:
    letter = _letter("Information on the follow-up of your report")
    letter.letterhead(service=SERVICE_REPORTS, date_line=DATE, recipient=RECIPIENT)
    letter.references(
        reference_label=REF,
        subject_label=OBJECT,
        subject="Information on the follow-up of your report",
    )
    letter.salutation(SALUTATION)
    letter.para(
        "On {{ report_received_date }} you sent {{ entity_name }} a report, registered under "
        "the reference {{ case_reference }}. In accordance with article 4 of décret "
        "n° 2022-1284 of 3 October 2022, I am informing you of the measures planned or taken to "
        "assess the accuracy of the facts and, where appropriate, to remedy the situation:"
    )
    letter.para("{{ follow_up_summary }}", indent=0.8)
    letter.para(
        "Some information cannot be shared with you, in order to respect the rights of the "
        "other persons concerned, in particular the presumption of innocence and the "
        "confidentiality of disciplinary and judicial proceedings."
    )
    letter.para(
        "This information does not deprive you of any other right, in particular that of "
        "filing a complaint with the police or gendarmerie or with the public prosecutor."
    )
    _support(letter)
    _contact(letter)
    _closing(letter)
    return letter


def closing_letter() -> Letter:
    letter = _letter("Closure of the handling of your report")
    letter.letterhead(service=SERVICE_REPORTS, date_line=DATE, recipient=RECIPIENT)
    letter.references(
        reference_label=REF,
        subject_label=OBJECT,
        subject="Closure of the handling of your report",
    )
    letter.salutation(SALUTATION)
    letter.para(
        "On {{ report_received_date }} you sent {{ entity_name }} a report, registered under "
        "the reference {{ case_reference }}. I am informing you that its handling is now "
        "closed, for the following reason:"
    )
    letter.para("{{ closing_reason }}", indent=0.8)
    letter.para(
        "The data of your report are kept only as long as the follow-up requires, then deleted "
        "or anonymised, in accordance with the guidelines of the French data protection "
        "authority (CNIL) on whistleblowing systems (délibérations n° 2019-139 and "
        "n° 2023-064)."
    )
    letter.para(
        "This closure does not prevent a new report should new facts arise, nor a complaint to "
        "the police or gendarmerie or to the public prosecutor."
    )
    _support(letter)
    _contact(letter)
    _closing(letter)
    return letter


LETTERS = {
    "acknowledgement": acknowledgement,
    "interview_summons": interview_summons,
    "confidentiality_commitment": confidentiality_commitment,
    "recording_authorisation": recording_authorisation,
    "follow_up_information": follow_up_information,
    "closing_letter": closing_letter,
}
