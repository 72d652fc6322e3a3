"""The French default letters. Each function returns one template, in reading order.

Legal references are cited in the letters themselves, as the addressee needs them; the
placeholders used must stay within the kind's documented context (templates_legal/kinds.py),
which ``tests/templates_legal/test_defaults.py`` checks.
"""

from __future__ import annotations

from templates_legal.defaults.layout import NBSP, Bold, Italic, Letter

CONFIDENTIAL = "Confidentiel"
DATE = "{% if entity_city %}{{ entity_city }}, le {% else %}Le {% endif %}{{ letter_date }}"
RECIPIENT = ("{{ recipient_name }}", "{% if recipient_address %}{{ recipient_address }}{% endif %}")
SALUTATION = "{{ recipient_salutation or 'Madame, Monsieur' }}"
REF = "N/Réf." + NBSP + ":"
OBJECT = "Objet" + NBSP + ":"
SERVICE_REPORTS = (
    "Dispositif de signalement des violences, discriminations, harcèlement et agissements sexistes"
)
SERVICE_DIRECTION = "Direction"
SERVICE_ENQUIRY = "Commission d’enquête administrative interne"
REGISTERED = "Lettre recommandée avec demande d’avis de réception"
SILENCE_CASE_LAW = (
    "Conseil constitutionnel, décision n° 2024-1105 QPC du 4 octobre 2024 ; "
    "Conseil d’État, 9 mai 2025, n° 499277"
)


def _letter(title: str) -> Letter:
    return Letter(language="fr", title=title, confidential_label=CONFIDENTIAL)


def _closing(letter: Letter, formula: str = "l’expression de mes salutations distinguées") -> None:
    # The closing formula never leaves the signature alone on a page.
    letter.para(f"Je vous prie d’agréer, {SALUTATION}, {formula}.", keep_with_next=True)


def _signed(letter: Letter) -> None:
    letter.signature("{{ signatory_title }}", "{{ signatory_name }}")


def _contact(letter: Letter) -> None:
    letter.control("{%p if contact_email %}")
    letter.para(
        "Pour toute question, vous pouvez écrire à {{ contact_email }} en rappelant la "
        "référence du dossier ; ce courrier électronique n’est lu que par les personnes "
        "chargées de votre dossier."
    )
    letter.control("{%p endif %}")


def _support(letter: Letter) -> None:
    letter.control("{%p if support_resources %}")
    letter.para(
        "Vous pouvez à tout moment vous faire accompagner, gratuitement et en toute "
        "confidentialité :",
        keep_with_next=True,
    )
    # One service a line, not justified: a justified paragraph stretches the words of
    # each line that ends in a line break.
    letter.para("{{ support_resources }}", align="left", indent=0.8)
    letter.control("{%p endif %}")


def acknowledgement() -> Letter:
    letter = _letter("Accusé de réception du signalement")
    letter.letterhead(service=SERVICE_REPORTS, date_line=DATE, recipient=RECIPIENT)
    letter.references(
        reference_label=REF,
        subject_label=OBJECT,
        subject="Accusé de réception de votre signalement",
    )
    letter.salutation(f"{SALUTATION},")
    letter.para(
        "Nous accusons réception du signalement que vous avez adressé à {{ entity_name }} le "
        "{{ report_received_date }}. Il est enregistré sous la référence ",
        Bold("{{ case_reference }}"),
        ", à rappeler dans toute correspondance.",
    )
    letter.para(
        "Votre signalement est examiné par les référentes et référents chargés du recueil et "
        "du traitement des signalements, dans le respect de la plus stricte confidentialité. "
        "Votre identité, celle des personnes visées et les informations recueillies ne sont "
        "communiquées qu’aux personnes qui ont besoin d’en connaître pour traiter le "
        "signalement ; votre identité ne peut être divulguée qu’avec votre consentement, sauf "
        "à l’autorité judiciaire (article 9 de la loi n° 2016-1691 du 9 décembre 2016)."
    )
    letter.para(
        "Conformément à l’article 4 du décret n° 2022-1284 du 3 octobre 2022, vous serez "
        "informé·e par écrit des mesures envisagées ou prises pour évaluer l’exactitude des "
        "faits et, le cas échéant, y remédier, au plus tard le ",
        Bold("{{ feedback_deadline_date }}"),
        ". Si vous le souhaitez, vous pouvez demander à être reçu·e, en personne ou par "
        "visioconférence : cet entretien est alors organisé dans un délai de vingt jours "
        "ouvrés.",
    )
    letter.para(
        "Cette démarche ne vous prive d’aucun autre droit. Vous pouvez à tout moment vous "
        "faire accompagner (médecin, psychologue, assistante ou assistant de service social, "
        "association d’aide aux victimes) et déposer plainte auprès des services de police ou "
        "de gendarmerie ou par écrit auprès du procureur de la République."
    )
    _contact(letter)
    _closing(letter)
    _signed(letter)
    return letter


def enquiry_opening() -> Letter:
    letter = _letter("Décision d’ouverture d’une enquête administrative interne")
    letter.form_head(
        service=SERVICE_DIRECTION,
        title="Décision portant ouverture d’une enquête administrative interne",
        subtitle="Dossier {{ case_reference }}",
    )
    letter.para(Bold("La direction de {{ entity_name }},"), align="left")
    for text in (
        "Vu le code général de la fonction publique, notamment ses articles L. 135-1 à L. 135-6 ;",
        "Vu la loi n° 2016-1691 du 9 décembre 2016 relative à la transparence, à la lutte "
        "contre la corruption et à la modernisation de la vie économique, notamment ses "
        "articles 6 à 9 ;",
        "Vu le décret n° 2020-256 du 13 mars 2020 relatif au dispositif de signalement des "
        "actes de violence, de discrimination, de harcèlement et d’agissements sexistes dans "
        "la fonction publique ;",
        "Vu le décret n° 2022-1284 du 3 octobre 2022 relatif aux procédures de recueil et de "
        "traitement des signalements émis par les lanceurs d’alerte ;",
        "Vu le signalement reçu le {{ report_received_date }} et enregistré sous la référence "
        "{{ case_reference }} ;",
    ):
        letter.para(text)
    letter.para(
        "Considérant que les faits signalés, relevant de la catégorie suivante : "
        "{{ facts_categories }}, doivent être établis par une enquête administrative interne "
        "conduite avec impartialité, dans le respect de la confidentialité et des droits de "
        "chacune des personnes concernées ;"
    )
    letter.para(Bold("DÉCIDE :"), align="center")
    articles = (
        (
            "Article 1er",
            "Une enquête administrative interne est ouverte au sujet des faits signalés sous la "
            "référence {{ case_reference }}.",
        ),
        (
            "Article 2",
            "L’enquête est confiée à une commission d’enquête dont les membres sont désignés "
            "par une décision distincte. La commission entend les personnes dont elle estime "
            "l’audition utile. Toute personne mise en cause est informée, avant d’être "
            f"entendue, de son droit de se taire ({SILENCE_CASE_LAW}).",
        ),
        (
            "Article 3",
            "Les membres de la commission et les personnes entendues s’engagent par écrit à la "
            "confidentialité. Les entretiens ne sont enregistrés qu’avec l’autorisation écrite "
            "de la personne entendue, qui relit, corrige le cas échéant et signe le compte "
            "rendu de ses déclarations.",
        ),
        (
            "Article 4",
            "Le rapport d’enquête est remis à la direction au plus tard le {{ report_due_date }}.",
        ),
        (
            "Article 5",
            "La présente décision est versée au dossier. Elle n’est pas publiée et n’est "
            "communiquée qu’aux personnes qui ont besoin d’en connaître.",
        ),
    )
    for number, text in articles:
        letter.para(Bold(number + NBSP + "– "), text)
    letter.para(
        "Fait" + "{% if entity_city %} à {{ entity_city }}{% endif %}, le {{ letter_date }}.",
        align="left",
        keep_with_next=True,
    )
    _signed(letter)
    return letter


def commission_appointment() -> Letter:
    letter = _letter("Désignation de la commission d’enquête")
    letter.letterhead(
        service=SERVICE_DIRECTION,
        date_line=DATE,
        recipient=("{{ recipient_name }}",),
        sending_mode="Remise en main propre contre émargement",
    )
    letter.references(
        reference_label=REF,
        subject_label=OBJECT,
        subject="Désignation comme membre de la commission d’enquête administrative interne",
    )
    letter.salutation(f"{SALUTATION},")
    letter.para(
        "Par décision du {{ enquiry_opening_date }}, une enquête administrative interne a été "
        "ouverte au sujet de faits signalés relevant de la catégorie suivante : "
        "{{ facts_categories }}."
    )
    letter.para(
        "J’ai l’honneur de vous désigner comme membre de la commission chargée de cette "
        "enquête, composée de : {{ investigators_names }}."
    )
    letter.para(
        "La commission entend la personne ayant signalé les faits, la ou les personnes mises en "
        "cause et les témoins dont l’audition est utile, recueille les pièces et établit les "
        "faits avec objectivité et impartialité. Son rapport est remis au plus tard le ",
        Bold("{{ report_due_date }}"),
        ".",
    )
    letter.para("Dans l’exercice de cette mission, vous vous engagez à :")
    letter.bullet(
        "signer l’engagement de confidentialité joint et à ne rien divulguer des informations "
        "dont vous aurez connaissance, dont la violation est pénalement sanctionnée (article 9 "
        "de la loi n° 2016-1691 du 9 décembre 2016) ;"
    )
    letter.bullet(
        "informer toute personne mise en cause, avant de l’entendre, de son droit de se taire "
        f"({SILENCE_CASE_LAW}) ;"
    )
    letter.bullet(
        "n’enregistrer un entretien qu’avec l’autorisation écrite de la personne entendue et "
        "lui soumettre le compte rendu pour relecture, correction et signature ;"
    )
    letter.bullet(
        "déclarer sans délai tout lien avec les personnes concernées ou tout conflit "
        "d’intérêts : vous seriez alors remplacé·e."
    )
    letter.para(
        "Votre accès au dossier dans l’application Recueil est limité à la durée de la mission "
        "et chacune de vos consultations est tracée."
    )
    _closing(letter, "l’expression de ma considération distinguée")
    _signed(letter)
    return letter


def interview_summons() -> Letter:
    letter = _letter("Convocation à un entretien")
    letter.letterhead(
        service=SERVICE_ENQUIRY,
        date_line=DATE,
        recipient=RECIPIENT,
        sending_mode="Confidentiel — sous pli fermé",
    )
    letter.references(
        reference_label=REF,
        subject_label=OBJECT,
        subject="Convocation à un entretien dans le cadre d’une enquête administrative interne",
    )
    letter.salutation(f"{SALUTATION},")
    letter.para(
        "Dans le cadre de l’enquête administrative interne ouverte par {{ entity_name }}, la "
        "commission d’enquête souhaite vous entendre en qualité de {{ recipient_capacity }}."
    )
    letter.para(
        "Je vous remercie de vous présenter le ",
        Bold("{{ interview_date }} à {{ interview_time }}"),
        ", ",
        Bold("{{ interview_place }}"),
        ". Vous serez reçu·e par {{ interviewers_names }}.",
    )
    letter.control("{%p if right_to_remain_silent %}")
    letter.para(
        Bold("Droit de se taire. "),
        "Vous êtes entendu·e en qualité de personne mise en cause. Vous avez le droit de vous "
        "taire : au cours de l’entretien, vous pouvez faire des déclarations, répondre aux "
        "questions qui vous sont posées ou vous taire. Ce droit vous sera rappelé au début de "
        f"l’entretien ({SILENCE_CASE_LAW}).",
    )
    letter.control("{%p endif %}")
    letter.para(
        "Vous pouvez vous faire accompagner par une personne de votre choix, qui sera tenue à "
        "la même confidentialité. L’entretien fait l’objet d’un compte rendu écrit que vous "
        "pourrez relire, corriger et signer ; il ne peut être enregistré qu’avec votre "
        "autorisation écrite préalable. Il vous sera demandé de signer un engagement de "
        "confidentialité."
    )
    letter.para(
        "Si vous ne pouvez pas vous présenter à la date proposée, merci de le faire savoir dès "
        "que possible afin qu’une autre date soit fixée"
        "{% if contact_email %}, en écrivant à {{ contact_email }}{% endif %}."
    )
    letter.para(
        "Le présent courrier et les informations échangées lors de l’entretien sont "
        "strictement confidentiels."
    )
    _closing(letter)
    _signed(letter)
    return letter


def confidentiality_commitment() -> Letter:
    letter = _letter("Engagement de confidentialité")
    letter.form_head(
        service=SERVICE_REPORTS,
        title="Engagement de confidentialité",
        subtitle="Dossier {{ case_reference }}",
    )
    letter.para(
        "Je soussigné·e, ",
        Bold("{{ recipient_name }}"),
        ", intervenant en qualité de {{ recipient_capacity }} dans le traitement du "
        "signalement enregistré par {{ entity_name }} sous la référence {{ case_reference }}, "
        "m’engage à :",
    )
    letter.bullet(
        "ne divulguer à quiconque aucune des informations dont j’ai connaissance à l’occasion "
        "de cette procédure — identité des personnes, faits, contenu des entretiens et des "
        "pièces —, sauf à l’autorité judiciaire ou aux personnes habilitées à en connaître ;"
    )
    letter.bullet(
        "ne conserver ni copie, ni note, ni enregistrement de ces informations en dehors des "
        "documents qui me sont remis dans le cadre de la procédure, et à les restituer ou les "
        "détruire à sa clôture ;"
    )
    letter.bullet(
        "ne prendre contact avec aucune des personnes concernées au sujet des faits en dehors "
        "de la procédure ;"
    )
    letter.bullet(
        "signaler sans délai tout lien avec les personnes concernées ou tout conflit "
        "d’intérêts dont j’aurais connaissance."
    )
    letter.para(
        "Je suis informé·e que la confidentialité de l’identité des auteurs du signalement, des "
        "personnes visées et des informations recueillies est protégée par l’article 9 de la "
        "loi n° 2016-1691 du 9 décembre 2016 et par l’article L. 135-3 du code général de la "
        "fonction publique, et que le fait de divulguer ces éléments confidentiels est puni de "
        "deux ans d’emprisonnement et de 30 000 euros d’amende."
    )
    letter.para(
        "Cet engagement reste valable après la clôture de la procédure.",
    )
    letter.spacer(8)
    letter.para(
        "Fait" + "{% if entity_city %} à {{ entity_city }}{% endif %}, le {{ letter_date }}, en "
        "deux exemplaires.",
        align="left",
    )
    letter.signature_boxes([("Signature", "précédée de la mention manuscrite « Lu et approuvé »")])
    return letter


def recording_authorisation() -> Letter:
    letter = _letter("Autorisation d’enregistrement d’un entretien")
    letter.form_head(
        service=SERVICE_ENQUIRY,
        title="Autorisation d’enregistrement d’un entretien",
        subtitle="Dossier {{ case_reference }}",
    )
    letter.para(
        "Je soussigné·e, ",
        Bold("{{ recipient_name }}"),
        ", entendu·e le {{ interview_date }} par la commission d’enquête de {{ entity_name }} "
        "({{ interviewers_names }}), ai été informé·e que :",
    )
    letter.bullet(
        "l’enregistrement sonore de l’entretien sert uniquement à établir un compte rendu "
        "fidèle de mes déclarations, que je pourrai relire, corriger et signer (article 18 de "
        "la directive (UE) 2019/1937 du 23 octobre 2019) ;"
    )
    letter.bullet(
        "l’enregistrement est conservé chiffré, accessible aux seuls membres de la commission, "
        "{% if recording_retention %}{{ recording_retention }}{% else %}et détruit dès la "
        "signature du compte rendu{% endif %} ;"
    )
    letter.bullet(
        "je peux refuser l’enregistrement sans avoir à me justifier et retirer mon "
        "autorisation à tout moment, y compris pendant l’entretien, qui se poursuit alors sans "
        "enregistrement ;"
    )
    letter.bullet(
        "je dispose sur ces données des droits d’accès, de rectification et de limitation prévus "
        "par le règlement (UE) 2016/679 (RGPD), auprès du délégué à la protection des données "
        "de {{ entity_name }}."
    )
    letter.para("En conséquence (cocher l’une des cases) :", align="left")
    letter.para("☐  J’autorise l’enregistrement sonore de mon entretien.", indent=1)
    letter.para("☐  Je n’autorise pas l’enregistrement de mon entretien.", indent=1)
    letter.spacer(6)
    letter.para(
        "Fait" + "{% if entity_city %} à {{ entity_city }}{% endif %}, le {{ letter_date }}.",
        align="left",
    )
    letter.signature_boxes(
        [
            ("La personne entendue", "{{ recipient_name }}"),
            ("Pour la commission d’enquête", "{{ interviewers_names }}"),
        ]
    )
    return letter


def interview_minutes() -> Letter:
    letter = _letter("Compte rendu d’entretien")
    letter.form_head(
        service=SERVICE_ENQUIRY,
        title="Compte rendu d’entretien",
        subtitle="Document confidentiel — enquête administrative interne",
    )
    letter.facts_table(
        [
            ("Dossier", "{{ case_reference }}"),
            (
                "Date et lieu",
                "{{ interview_date }}{% if interview_time %} à {{ interview_time }}{% endif %}, "
                "{{ interview_place }}",
            ),
            ("Personne entendue", "{{ interviewee_name }}"),
            ("Qualité", "{{ interviewee_capacity }}"),
            ("Entretien conduit par", "{{ interviewers_names }}"),
        ]
    )
    letter.heading("Informations données avant l’entretien")
    letter.para(
        "La personne entendue a été informée du caractère confidentiel de l’entretien, de la "
        "possibilité d’être accompagnée par une personne de son choix et de ce que le présent "
        "compte rendu lui est soumis pour relecture, correction et signature."
    )
    letter.control("{%p if right_to_remain_silent %}")
    letter.para(
        "Entendue en qualité de personne mise en cause, elle a été informée, avant toute "
        "question, de son droit de se taire : elle peut faire des déclarations, répondre aux "
        f"questions qui lui sont posées ou se taire ({SILENCE_CASE_LAW})."
    )
    letter.control("{%p endif %}")
    letter.heading("Déclarations")
    letter.para("{{ minutes_text }}")
    letter.heading("Relecture")
    letter.para(
        "Compte rendu relu par la personne entendue, corrigé le cas échéant, et approuvé le "
        "{{ letter_date }}."
    )
    letter.signature_boxes(
        [
            ("La personne entendue", "{{ interviewee_name }}"),
            ("Les membres de la commission", "{{ interviewers_names }}"),
        ]
    )
    return letter


def enquiry_report() -> Letter:
    letter = _letter("Rapport d’enquête administrative interne")
    letter.form_head(
        service=SERVICE_ENQUIRY,
        title="Rapport d’enquête administrative interne",
        subtitle="Confidentiel — communication réservée aux personnes habilitées",
    )
    letter.facts_table(
        [
            ("Dossier", "{{ case_reference }}"),
            ("Signalement reçu le", "{{ report_received_date }}"),
            ("Enquête ouverte le", "{{ enquiry_opening_date }}"),
            ("Catégorie des faits", "{{ facts_categories }}"),
            ("Commission d’enquête", "{{ investigators_names }}"),
            ("Date du rapport", "{{ letter_date }}"),
        ]
    )
    sections = (
        (
            "1. Saisine et cadre de l’enquête",
            "Rappeler la décision d’ouverture, la composition de la commission, la mission "
            "confiée et les textes applicables (décret n° 2020-256 du 13 mars 2020).",
        ),
        (
            "2. Déroulement de l’enquête",
            "Lister les entretiens (date, qualité de la personne entendue, présence d’un "
            "accompagnant, autorisation d’enregistrement), les pièces recueillies, "
            "l’information des personnes mises en cause de leur droit de se taire et le respect "
            "du contradictoire.",
        ),
        (
            "3. Exposé des faits recueillis",
            "Présenter les déclarations de façon neutre, en distinguant ce qui est rapporté, ce "
            "qui est constaté et ce qui est corroboré. Ne citer que les éléments utiles.",
        ),
        (
            "4. Analyse",
            "Indiquer pour chaque fait s’il est établi, non établi ou non vérifiable, et sur "
            "quels éléments repose cette appréciation.",
        ),
        (
            "5. Conclusions et recommandations",
            "Proposer les suites : mesures de protection, poursuites disciplinaires, "
            "signalement au procureur de la République au titre de l’article 40 du code de "
            "procédure pénale, actions de prévention, classement.",
        ),
        (
            "Annexes",
            "Comptes rendus signés, engagements de confidentialité, pièces (numérotées).",
        ),
    )
    for title, guidance in sections:
        letter.heading(title)
        letter.para(Italic("[À compléter : " + guidance + "]"))
    letter.spacer(8)
    letter.para("Rapport établi le {{ letter_date }} par la commission d’enquête.", align="left")
    letter.signature_boxes([("Les membres de la commission", "{{ investigators_names }}")])
    return letter


def article40_referral() -> Letter:
    letter = _letter(
        "Signalement au procureur de la République — article 40 du code de procédure pénale"
    )
    letter.letterhead(
        service=SERVICE_DIRECTION,
        date_line=DATE,
        recipient=(
            "Madame ou Monsieur le procureur de la République",
            "près le {{ court_name }}",
            "{% if court_address %}{{ court_address }}{% endif %}",
        ),
        sending_mode=REGISTERED,
    )
    letter.references(
        reference_label=REF,
        subject_label=OBJECT,
        subject="Signalement de faits au titre de l’article 40 du code de procédure pénale",
        enclosures="{% if enclosures %}{{ enclosures }}{% else %}néant{% endif %}",
    )
    letter.salutation("Madame la procureure, Monsieur le procureur,")
    letter.para(
        "En application du second alinéa de l’article 40 du code de procédure pénale, j’ai "
        "l’honneur de porter à votre connaissance des faits susceptibles de recevoir une "
        "qualification pénale, dont {{ entity_name }} a eu connaissance dans l’exercice de ses "
        "missions, et de vous transmettre les renseignements et documents qui s’y rapportent."
    )
    letter.facts_table(
        [
            ("Nature des faits", "{{ facts_categories }}"),
            ("Date ou période", "{{ facts_dates }}"),
            ("Lieu", "{{ facts_place }}"),
            ("Personne ayant signalé les faits", "{{ reporting_person_identity }}"),
            ("Personne mise en cause", "{{ person_implicated_identity }}"),
        ]
    )
    letter.heading("Exposé des faits")
    letter.para("{{ facts_summary }}")
    letter.control("{%p if measures_taken %}")
    letter.heading("Mesures prises par l’établissement")
    letter.para("{{ measures_taken }}")
    letter.control("{%p endif %}")
    letter.para(
        "L’identité de la personne ayant signalé les faits vous est communiquée en application "
        "de l’article 9 de la loi n° 2016-1691 du 9 décembre 2016, qui en autorise la "
        "divulgation à l’autorité judiciaire. Ces informations sont strictement "
        "confidentielles."
    )
    letter.para(
        "L’établissement conduit, le cas échéant, la procédure administrative et disciplinaire "
        "qui lui incombe, indépendamment de l’action publique ; il se conformera à vos "
        "instructions afin de ne pas compromettre l’enquête judiciaire. Je me tiens à votre "
        "disposition pour tout renseignement complémentaire"
        "{% if contact_email %} ({{ contact_email }}){% endif %}."
    )
    letter.para(
        "Je vous prie d’agréer, Madame la procureure, Monsieur le procureur, l’expression de ma "
        "haute considération.",
        keep_with_next=True,
    )
    _signed(letter)
    return letter


def disciplinary_decision() -> Letter:
    letter = _letter("Notification de la décision disciplinaire")
    letter.letterhead(
        service=SERVICE_DIRECTION,
        date_line=DATE,
        recipient=("{{ recipient_name }}", "{{ recipient_address }}"),
        sending_mode=REGISTERED,
    )
    letter.references(
        reference_label=REF,
        subject_label=OBJECT,
        subject="Notification de la décision disciplinaire prise à votre égard",
    )
    letter.salutation(f"{SALUTATION},")
    # Staff: the authority holding the disciplinary power decides, after the opinion of the
    # body when one is required (CGFP L. 532-5; none for the first group, L. 533-1).
    letter.control("{%p if staff_civil_servant or staff_contract %}")
    letter.para(
        "{% if hearing_date %}Après que {{ council_name }} a rendu son avis lors de sa séance "
        "du {{ hearing_date }}, au cours de laquelle vous avez été mis·e en mesure de présenter "
        "votre défense{% else %}Après vous avoir mis·e en mesure de prendre connaissance de "
        "votre dossier et de présenter vos observations{% endif %}, l’autorité investie du "
        "pouvoir disciplinaire a prononcé à votre égard la décision suivante :"
    )
    letter.control("{%p else %}")
    letter.para(
        "À l’issue de la séance du {{ hearing_date }}, au cours de laquelle vous avez été "
        "mis·e en mesure de présenter votre défense, {{ council_name }} a pris à votre égard la "
        "décision suivante :"
    )
    letter.control("{%p endif %}")
    letter.para(Bold("{{ decision_text }}"), align="center")
    letter.heading("Motifs")
    letter.para("{{ decision_grounds }}")
    letter.para("Cette décision prend effet le ", Bold("{{ effective_date }}"), ".")
    letter.heading("Voies et délais de recours")
    letter.para(
        "Vous pouvez contester cette décision dans un délai de deux mois à compter de sa "
        "notification, soit par un recours gracieux adressé à son auteur, soit par un recours "
        "contentieux devant le {{ appeal_court }} (article R. 421-1 du code de justice "
        "administrative). Le tribunal peut être saisi par l’application Télérecours citoyens, "
        "accessible sur le site www.telerecours.fr. Un recours gracieux interrompt le délai du "
        "recours contentieux."
    )
    _closing(letter)
    _signed(letter)
    return letter


def follow_up_information() -> Letter:
    letter = _letter("Information sur les suites données au signalement")
    letter.letterhead(service=SERVICE_REPORTS, date_line=DATE, recipient=RECIPIENT)
    letter.references(
        reference_label=REF,
        subject_label=OBJECT,
        subject="Information sur les suites données à votre signalement",
    )
    letter.salutation(f"{SALUTATION},")
    letter.para(
        "Vous avez adressé à {{ entity_name }}, le {{ report_received_date }}, un signalement "
        "enregistré sous la référence {{ case_reference }}. Conformément à l’article 4 du "
        "décret n° 2022-1284 du 3 octobre 2022, je vous informe des mesures envisagées ou prises "
        "pour évaluer l’exactitude des faits et, le cas échéant, y remédier :"
    )
    letter.para("{{ follow_up_summary }}", indent=0.8)
    letter.para(
        "Certaines informations ne peuvent pas vous être communiquées, afin de respecter les "
        "droits des autres personnes concernées, notamment la présomption d’innocence et la "
        "confidentialité des procédures disciplinaires et judiciaires."
    )
    letter.para(
        "Cette information ne vous prive d’aucun autre droit, notamment celui de déposer "
        "plainte auprès des services de police ou de gendarmerie ou du procureur de la "
        "République."
    )
    _support(letter)
    _contact(letter)
    _closing(letter)
    _signed(letter)
    return letter


def closing_letter() -> Letter:
    letter = _letter("Clôture du traitement du signalement")
    letter.letterhead(service=SERVICE_REPORTS, date_line=DATE, recipient=RECIPIENT)
    letter.references(
        reference_label=REF,
        subject_label=OBJECT,
        subject="Clôture du traitement de votre signalement",
    )
    letter.salutation(f"{SALUTATION},")
    letter.para(
        "Vous avez adressé à {{ entity_name }}, le {{ report_received_date }}, un signalement "
        "enregistré sous la référence {{ case_reference }}. Je vous informe que son traitement "
        "est clos, pour le motif suivant :"
    )
    letter.para("{{ closing_reason }}", indent=0.8)
    letter.para(
        "Les données de votre signalement sont conservées pour la seule durée nécessaire aux "
        "suites qui lui sont données, puis supprimées ou anonymisées, conformément au "
        "référentiel de la Commission nationale de l’informatique et des libertés relatif aux "
        "dispositifs d’alerte professionnelle (délibérations n° 2019-139 et n° 2023-064)."
    )
    letter.para(
        "Cette clôture ne fait pas obstacle à un nouveau signalement si des faits nouveaux "
        "survenaient, ni à une plainte auprès des services de police ou de gendarmerie ou du "
        "procureur de la République."
    )
    _support(letter)
    _contact(letter)
    _closing(letter)
    _signed(letter)
    return letter


LETTERS = {
    "acknowledgement": acknowledgement,
    "enquiry_opening": enquiry_opening,
    "commission_appointment": commission_appointment,
    "interview_summons": interview_summons,
    "confidentiality_commitment": confidentiality_commitment,
    "recording_authorisation": recording_authorisation,
    "interview_minutes": interview_minutes,
    "enquiry_report": enquiry_report,
    "article40_referral": article40_referral,
    "disciplinary_decision": disciplinary_decision,
    "follow_up_information": follow_up_information,
    "closing_letter": closing_letter,
}
