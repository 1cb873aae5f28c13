from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "users"
    verbose_name = "Användare"

    def ready(self):
        from allauth.account.signals import email_confirmed
        from django.contrib.auth.signals import user_logged_in

        from users import signals

        # One receiver each; the apps' invitations are accepted through users.account_hooks.
        email_confirmed.connect(signals.email_confirmed, dispatch_uid="users_email_confirmed")
        user_logged_in.connect(signals.user_logged_in, dispatch_uid="users_user_logged_in")
