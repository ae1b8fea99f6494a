"""Links in e-mails that name one row: its number, signed with a key made of what the row holds.

The key (the signer's salt) includes, say, an address and the time of a request, so that a link
works for that row only, and stops working once what it was made from changes.
"""

import re

from django.core import signing

NUMBER = re.compile(r"[0-9]{1,18}")


class SignedLink:
    def __init__(self, salt_of, max_age=None):
        self.salt_of = salt_of
        self.max_age = max_age

    def _signer(self, obj):
        if self.max_age is None:
            return signing.Signer(salt=self.salt_of(obj))
        return signing.TimestampSigner(salt=self.salt_of(obj))

    def token(self, obj):
        return self._signer(obj).sign(str(obj.pk))

    def resolve(self, queryset, token):
        """The row of queryset that token names; BadSignature, or SignatureExpired, otherwise."""
        number = token.split(":", 1)[0]
        obj = queryset.filter(pk=int(number)).first() if NUMBER.fullmatch(number) else None
        if obj is None:
            raise signing.BadSignature("No such row.")
        signer = self._signer(obj)
        if self.max_age is None:
            signer.unsign(token)
        else:
            signer.unsign(token, max_age=self.max_age)
        return obj
