from django import forms

MAX_IMPORT_BYTES = 500 * 1024**2


class AccountDeleteForm(forms.Form):
    confirm_username = forms.CharField(
        label="Type your username to confirm",
        help_text="This deletes every roadmap, session, note, run and file. It cannot be undone: "
        "download your export first.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )


class AccountImportForm(forms.Form):
    archive = forms.FileField(help_text="A zip made by “Download everything” on another Exhale.")
    password = forms.CharField(
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Optional: a new password. Leave empty to keep the one in the export.",
    )

    def clean_archive(self):
        upload = self.cleaned_data["archive"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError("That archive is larger than 500 MB.")
        return upload


class PortfolioVisibilityForm(forms.Form):
    portfolio_hidden = forms.BooleanField(
        required=False,
        label="Hide my whole portfolio",
        help_text="Every public address of yours answers 404 until you show it again.",
    )
