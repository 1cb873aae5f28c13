"""Form helpers shared by every app."""
from django.core.exceptions import ValidationError


def add_validation_errors(form, error: ValidationError, default_field: str | None = None) -> None:
    """Put a service's ValidationError on the form: each message next to its field when the form
    has that field, otherwise next to `default_field` (None: at the top of the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else default_field, errors)
    else:
        form.add_error(default_field, error)
