"""The one helper services use to enforce permission predicates."""
from django.core.exceptions import PermissionDenied


def require(allowed: bool, message: str = "") -> None:
    """Raise PermissionDenied unless a permission predicate allowed the action."""
    if not allowed:
        raise PermissionDenied(message or "Not allowed.")
