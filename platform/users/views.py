""""Mitt konto" (what the user works with, e-mail, sign-in security, their data) and the GDPR self-service
views: download my data, delete my account."""
import json

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from users.gdpr import user_delete_account, user_personal_data
from users.navigation import work_links_for
from users.selectors import user_has_totp


class AccountView(LoginRequiredMixin, TemplateView):
    template_name = "users/account.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "my_work": work_links_for(self.request.user),
                "has_totp": user_has_totp(self.request.user)}


class AccountPrivacyView(LoginRequiredMixin, TemplateView):
    template_name = "users/privacy.html"


class PersonalDataDownloadView(LoginRequiredMixin, View):
    def get(self, request):
        data = user_personal_data(user=request.user)
        data["exported_at"] = timezone.now().isoformat()
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="mina-uppgifter.json"'
        return response


class AccountDeleteForm(forms.Form):
    password = forms.CharField(label=gettext_lazy("Ditt lösenord"), widget=forms.PasswordInput)
    confirm = forms.BooleanField(
        label=gettext_lazy("Jag förstår att kontot och mina uppgifter raderas och inte kan återställas.")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Lösenordet stämmer inte."))
        return password


class AccountDeleteView(LoginRequiredMixin, FormView):
    template_name = "users/account_delete.html"
    form_class = AccountDeleteForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        user = self.request.user
        logout(self.request)
        user_delete_account(user=user, actor=user)
        messages.success(self.request, _("Ditt konto och dina uppgifter är raderade."))
        return redirect("/")
