"""factory_boy factories. They create rows through the services, as the portal does (DESIGN.md convention 2)."""

from typing import Any

import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services as account_services
from accounts.models import User
from accounts.roles import Role

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, roles: list[Role] | None = None, **kwargs: Any) -> User:
        return account_services.user_create(
            username=kwargs["username"],
            password=kwargs.get("password", TEST_PASSWORD),
            email=kwargs["email"],
            first_name=kwargs["first_name"],
            last_name=kwargs["last_name"],
            roles=roles or [],
            actor=None,
        )


def make_user(**kwargs: Any) -> User:
    """UserFactory with its real return type (factory_boy types a factory call as the factory)."""
    user: User = UserFactory(**kwargs)  # type: ignore[assignment]
    return user


def totp_device_for(user: User) -> TOTPDevice:
    """A confirmed authenticator for user, with a random key (tests compute codes with django_otp.oath.totp)."""
    device = TOTPDevice(user=user, name="test", confirmed=True)
    device.save()
    return device
