from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.core.exceptions import ValidationError
from django.db import models

from accounts import services
from accounts.models import WEEKDAYS, User
from accounts.validators import timezone_choices


class SignUpForm(forms.Form):
    username = forms.CharField(
        max_length=30,
        help_text="Your public address: /u/&lt;username&gt;/. Lowercase letters, digits, - and _.",
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    email = forms.EmailField(widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    timezone = forms.ChoiceField(
        choices=timezone_choices(),
        initial="UTC",
        # static/js/timezone.js picks the browser's zone; without JS the learner chooses.
        widget=forms.Select(attrs={"data-browser-timezone": ""}),
        help_text="Your days and streaks follow this zone. Change it any time in your profile.",
    )

    def save(self) -> User:
        """Create the learner; service errors land on the matching fields."""
        try:
            return services.learner_sign_up(**self.cleaned_data)
        except ValidationError as exc:
            _attach_errors(self, exc)
            raise


def https_url_fields(db_field, **kwargs):
    """Links typed without a scheme ("github.com/ada") are taken as https."""
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


class ProfileForm(forms.ModelForm):
    daily_target_minutes = forms.IntegerField(
        min_value=5, max_value=960, help_text="How long you aim to practise on a practice day."
    )
    inhale_target_percent = forms.IntegerField(
        label="Inhale (study) share, %",
        min_value=0,
        max_value=100,
        help_text="The rest is exhale: coding, experiments, writing, sharing. 20 is a good start.",
    )
    rest_weekdays = forms.TypedMultipleChoiceField(
        choices=list(enumerate(WEEKDAYS)),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Planned rest days neither break nor extend your streak.",
    )

    class Meta:
        model = User
        fields = services.PROFILE_FIELDS
        formfield_callback = https_url_fields
        widgets = {"bio": forms.Textarea(attrs={"rows": 4, "maxlength": 2000})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["rest_weekdays"] = [int(d) for d in self.instance.rest_weekdays]

    def clean_rest_weekdays(self) -> str:
        days = self.cleaned_data["rest_weekdays"]
        if len(days) == 7:
            raise ValidationError("Keep at least one practice day in the week.")
        return "".join(str(d) for d in sorted(set(days)))

    def save(self, commit=True) -> User:
        changes = {name: self.cleaned_data[name] for name in self.Meta.fields}
        try:
            return services.profile_update(learner=User.objects.get(pk=self.instance.pk), **changes)
        except ValidationError as exc:
            _attach_errors(self, exc)
            raise


class ApiTokenForm(forms.Form):
    name = forms.CharField(max_length=60, help_text="What will use it, e.g. 'laptop script'.")


def _attach_errors(form: forms.Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
