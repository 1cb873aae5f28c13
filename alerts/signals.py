"""Told after an import has stored an alert (on commit), so pages kept outside Django can follow."""
from django.dispatch import Signal

# Sent with `alert`: the stored OfficialAlert (an Alert, Update or Cancel message). Receivers must
# not raise: the alert is stored either way.
official_alert_stored = Signal()
