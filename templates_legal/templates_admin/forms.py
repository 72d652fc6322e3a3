from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from templates_legal.templates_admin.services import MAX_TEMPLATE_BYTES

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class TemplateUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Nouveau modèle"),
        help_text=_(
            "Document Word au format .docx, sans macros, 5 Mo au plus. Les champs s'écrivent "
            "entre doubles accolades, par exemple {{ case_reference }}, et doivent faire partie "
            "de la liste ci-dessus."
        ),
        widget=forms.FileInput(attrs={"accept": f".docx,{DOCX_MIME}"}),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        # The service inspects the content too; the name gives the clearest message.
        if name.endswith((".docm", ".dotm")):
            raise forms.ValidationError(
                _("Les documents Word avec macros (.docm) ne sont pas acceptés.")
            )
        if not name.endswith(".docx"):
            raise forms.ValidationError(_("Choisissez un document Word au format .docx."))
        if upload.size is not None and upload.size > MAX_TEMPLATE_BYTES:
            raise forms.ValidationError(_("Le fichier dépasse la taille maximale de 5 Mo."))
        return upload
