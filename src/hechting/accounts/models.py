import hashlib
from typing import ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str | None) -> "User":
        # Addresses are stored lower-case; signing in with "A@Example.org" must find them.
        return self.get(email=self.normalize_email(username or "").lower())

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A person with an account: identified by email address, no user name."""

    username = None  # type: ignore[assignment]  # Django's documented way to drop a parent field
    email = models.EmailField(_("email address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]  # stubs want Django's own


class PendingSignup(models.Model):
    """A sign-up waiting for its e-mail link: the account exists only once the link is used.

    Only the hashes of the password and the link token are stored. Nobody can claim an address
    they cannot read mail for, and the sign-up page never says whether an address has an account.
    """

    email = models.EmailField()
    password = models.CharField(max_length=128)  # a Django password hash, never the password
    token_hash = models.CharField(max_length=64, unique=True)
    next_url = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"pending sign-up {self.pk}"

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()
