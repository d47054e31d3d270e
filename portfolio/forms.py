from django import forms

from portfolio.archive_zip import MB, megabytes

# As much as a data set upload may be: an export holds the learner's data sets and run files.
MAX_IMPORT_BYTES = 200 * MB


class AccountDeleteForm(forms.Form):
    confirm_username = forms.CharField(
        label="Type your username to confirm",
        help_text="This deletes every roadmap, session, note, run and file. It cannot be undone: "
        "download your export first.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )


class AccountImportForm(forms.Form):
    archive = forms.FileField(
        label="Your export",
        help_text="The zip from “Download everything” on another Exhale, at most "
        f"{megabytes(MAX_IMPORT_BYTES)}.",
        error_messages={"required": "Choose the zip you downloaded from your other Exhale."},
    )
    take_username = forms.BooleanField(
        required=False,
        label="Also take the username from the export",
        help_text="Your public address /u/&lt;username&gt;/ becomes the one you had there, if "
        "it is free here.",
    )

    def clean_archive(self):
        upload = self.cleaned_data["archive"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                f"That file is {megabytes(upload.size)}; an import is limited to "
                f"{megabytes(MAX_IMPORT_BYTES)}."
            )
        return upload


class PortfolioVisibilityForm(forms.Form):
    portfolio_hidden = forms.BooleanField(
        required=False,
        label="Hide my whole portfolio",
        help_text="Every public address of yours answers 404 until you show it again.",
    )
