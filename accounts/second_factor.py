"""Reads about a user's second factor (django-otp), shared by the middleware, views and navigation."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django_otp.plugins.otp_totp.models import TOTPDevice


def has_confirmed_device(user: AbstractBaseUser | AnonymousUser) -> bool:
    return user.is_authenticated and TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()


def is_verified(user: AbstractBaseUser | AnonymousUser) -> bool:
    """True when this session passed the second factor (set by django-otp's OTPMiddleware)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())
