"""Users for tests: verified e-mail, known password."""
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

PASSWORD = "korrekt-hast-batteri-42"


def make_user(email: str = "person@example.org", *, password: str = PASSWORD, **extra):
    user = get_user_model().objects.create_user(email=email, password=password, **extra)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def make_superuser(email: str = "admin@example.org", *, password: str = PASSWORD):
    user = get_user_model().objects.create_superuser(email=email, password=password)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user
