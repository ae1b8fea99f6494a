"""Django's JSON serializer, keeping times to the microsecond (Django's stops at milliseconds).

JSON keeps every character of a text as it is (CRLF line ends, leading newlines), which XML
does not: its parsers turn CRLF into LF and Django's reader strips each value. Registered for the
"json" format in settings.SERIALIZATION_MODULES, for backups (pare/backup.py).
"""

import datetime

from django.core.serializers import json

Deserializer = json.Deserializer


class ExactJSONEncoder(json.DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(json.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactJSONEncoder
