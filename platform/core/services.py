"""Helpers the domain services share."""


def apply_fields(obj, fields: dict, *, allowed, service: str, strip: bool = True) -> None:
    """Set the named fields on `obj` — only those the service lets its caller change — stripping text.

    An unknown name is a programming error (a view passing a field the service does not own), so it
    raises TypeError rather than becoming a user-facing message. Validation stays with the caller."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"{service} got unknown fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(obj, name, value.strip() if strip and isinstance(value, str) else value)
