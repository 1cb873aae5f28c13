"""Channel-group names: `<app>.<topic>.<id>` (dots are allowed by Channels)."""


def group_name(app: str, topic: str, object_id: int | str) -> str:
    return f"{app}.{topic}.{object_id}"
