from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.permissions import RoleGrant, body_role_value
from accounts.roles import ROLE_LABELS, Role
from councils.models import Body


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("The user name or password is not correct. Check them and try again."),
        "inactive": _("This account is not active. Ask the administrator for help."),
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].label = _("User name")
        self.fields["password"].label = _("Password")
        # No autofocus: it jumps past the skip link and the page's intro, for keyboard and screen-reader users.
        self.fields["username"].widget.attrs.pop("autofocus", None)


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        help_text=_("Six digits. A new code appears every 30 seconds."),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split())
        if not token.isdigit():
            raise forms.ValidationError(_("Enter only digits."))
        return token


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))


# ---------------------------------------------------------------------------------------------------------------
# Account management by administrators (accounts/views.py user_*_view).


def _organisation_role_choices() -> list[tuple[str, str]]:
    return [(role.value, str(label)) for role, label in ROLE_LABELS.items()]


def _body_label(body: Body) -> str:
    return gettext("Supporter of %(body)s") % {"body": body.name}


class ReasonForm(forms.Form):
    """The reason for a change to an account, recorded in its history."""

    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Recorded in the history of the account."),
        max_length=500,
    )

    def clean_reason(self) -> str:
        return str(self.cleaned_data["reason"]).strip()


class UserRoleAddForm(ReasonForm):
    role = forms.ChoiceField(label=_("Role"))
    field_order = ["role", "reason"]

    def __init__(self, *args: Any, bodies: Iterable[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._bodies = {body_role_value(body): body for body in bodies}
        body_choices = [(value, _body_label(body)) for value, body in self._bodies.items()]
        self.fields["role"].choices = [  # type: ignore[attr-defined]
            ("", gettext("Choose a role")),
            *_organisation_role_choices(),
            *body_choices,
        ]

    def clean_role(self) -> Role | Body:
        value = self.cleaned_data["role"]
        if value in self._bodies:
            return self._bodies[value]
        return Role(value)


class UserRoleRemoveForm(ReasonForm):
    role = forms.ChoiceField(label=_("Role"))
    field_order = ["role", "reason"]

    def __init__(self, *args: Any, grants: Iterable[RoleGrant], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._grants = {grant.value: grant for grant in grants}
        self.fields["role"].choices = [  # type: ignore[attr-defined]
            ("", gettext("Choose a role")),
            *((value, grant.label) for value, grant in self._grants.items()),
        ]

    def clean_role(self) -> Role | Body:
        grant = self._grants[self.cleaned_data["role"]]
        role = grant.body or grant.role
        assert role is not None
        return role


class UserInviteForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The invitation with a link to choose a password goes to this address."),
    )
    username = forms.CharField(
        label=_("User name"),
        required=False,
        max_length=150,
        help_text=_("Leave empty to make one from the e-mail address."),
    )
    administrator = forms.BooleanField(label=_("Administrator"), required=False)
    board = forms.BooleanField(label=_("Board member"), required=False)
    supported_body = forms.ChoiceField(label=_("Supporter of"), required=False)

    def __init__(self, *args: Any, bodies: Iterable[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._bodies = {body_role_value(body): body for body in bodies}
        self.fields["supported_body"].choices = [  # type: ignore[attr-defined]
            ("", gettext("No body")),
            *((value, body.name) for value, body in self._bodies.items()),
        ]

    def roles(self) -> list[Role | Body]:
        """The roles chosen, for accounts.services.user_invite (after is_valid())."""
        data = self.cleaned_data
        roles: list[Role | Body] = []
        if data["administrator"]:
            roles.append(Role.ADMINISTRATOR)
        if data["board"]:
            roles.append(Role.BOARD)
        if data["supported_body"]:
            roles.append(self._bodies[data["supported_body"]])
        return roles


class UserFilterForm(forms.Form):
    """The filters of the user list (a GET form); an invalid value is ignored rather than refused."""

    ROLE_SUPPORTER = "supporter"
    ROLE_NONE = "none"

    q = forms.CharField(label=_("Name, user name or e-mail"), required=False, max_length=100)
    role = forms.ChoiceField(label=_("Role"), required=False)
    active = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Active and deactivated")), ("yes", _("Active")), ("no", _("Deactivated"))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [  # type: ignore[attr-defined]
            ("", gettext("All roles")),
            *_organisation_role_choices(),
            (self.ROLE_SUPPORTER, gettext("Supporter of a body")),
            (self.ROLE_NONE, gettext("No role")),
        ]

    def filter(self, users: QuerySet[User]) -> QuerySet[User]:
        if not self.is_valid():
            return users
        data = self.cleaned_data
        supports = Exists(Group.objects.filter(user=OuterRef("pk"), supported_body__isnull=False))
        has_role = Exists(Group.objects.filter(user=OuterRef("pk"), name__in=[role.value for role in Role]))
        if data["q"]:
            text = data["q"].strip()
            users = users.filter(
                Q(first_name__icontains=text)
                | Q(last_name__icontains=text)
                | Q(username__icontains=text)
                | Q(email__icontains=text)
            )
        if data["role"] == self.ROLE_SUPPORTER:
            users = users.filter(supports)
        elif data["role"] == self.ROLE_NONE:
            users = users.exclude(supports).exclude(has_role)
        elif data["role"]:
            users = users.filter(Exists(Group.objects.filter(user=OuterRef("pk"), name=data["role"])))
        if data["active"]:
            users = users.filter(is_active=data["active"] == "yes")
        return users
