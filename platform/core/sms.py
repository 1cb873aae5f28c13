"""Text messages (SMS) behind a small backend protocol, chosen by settings.SMS_BACKEND like e-mail's.

- `ConsoleBackend` (the default, embedded stack): writes each message to stdout; nothing is sent.
- `LocmemBackend` (tests): keeps messages in `core.sms.outbox`, as Django's locmem e-mail backend does.
- `ElksBackend` (production adapter): 46elks' HTTP API, `POST https://api.46elks.com/a1/sms` with HTTP basic
  auth (API username and password) and the form fields `from`, `to` (E.164) and `message`
  (https://46elks.se/docs/send-sms). Settings: `SMS_ELKS_USERNAME`, `SMS_ELKS_PASSWORD`, `SMS_SENDER`
  (a number, or at most 11 letters and digits). Never called in tests.

Callers use `send_sms(to, message)`; a backend raises `SmsError` when the message could not be sent.
"""
import base64
import json
import re
import sys
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class SmsError(Exception):
    """The message could not be handed to the provider."""


@dataclass(frozen=True)
class Sms:
    to: str
    message: str
    sender: str


class SmsBackend(Protocol):
    def send(self, sms: Sms) -> None: ...


# Messages the LocmemBackend "sent", oldest first (tests empty it).
outbox: list[Sms] = []


def normalise_number(number: str) -> str:
    """A Swedish number as E.164: "070-174 06 40" -> "+46701740640"; other "+..." numbers kept."""
    digits = re.sub(r"[^\d+]", "", number or "")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("0"):
        digits = "+46" + digits[1:]
    if not re.fullmatch(r"\+\d{7,15}", digits):
        raise SmsError(f"not a phone number: {number!r}")
    return digits


class ConsoleBackend:
    def send(self, sms: Sms) -> None:
        sys.stdout.write(f"SMS from {sms.sender} to {sms.to}:\n{sms.message}\n{'-' * 40}\n")
        sys.stdout.flush()


class LocmemBackend:
    def send(self, sms: Sms) -> None:
        outbox.append(sms)


class ElksBackend:
    """46elks (Swedish SMS provider), HTTP API v1. Only numbers and text leave the platform."""

    URL = "https://api.46elks.com/a1/sms"
    TIMEOUT_SECONDS = 10

    def send(self, sms: Sms) -> None:
        username, password = settings.SMS_ELKS_USERNAME, settings.SMS_ELKS_PASSWORD
        if not (username and password):
            raise SmsError("SMS_ELKS_USERNAME and SMS_ELKS_PASSWORD are not set")
        body = urllib.parse.urlencode({"from": sms.sender, "to": sms.to, "message": sms.message}).encode()
        request = urllib.request.Request(self.URL, data=body, method="POST")
        token = base64.b64encode(f"{username}:{password}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
        try:
            with urllib.request.urlopen(request, timeout=self.TIMEOUT_SECONDS) as response:  # noqa: S310 (fixed https URL)
                answer = json.loads(response.read() or b"{}")
        except (OSError, ValueError) as error:
            raise SmsError(f"46elks did not accept the message: {error}") from error
        if answer.get("status") == "failed":
            raise SmsError(f"46elks could not deliver to {sms.to}")


def get_backend() -> SmsBackend:
    return import_string(settings.SMS_BACKEND)()


def send_sms(to: str, message: str) -> Sms:
    """Send one text message to one number (normalised to E.164); raises SmsError."""
    sms = Sms(to=normalise_number(to), message=message, sender=settings.SMS_SENDER)
    get_backend().send(sms)
    return sms
