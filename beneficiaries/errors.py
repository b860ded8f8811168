"""Errors the registry's services raise, with messages in Vietnamese for the officer."""

from django.core.exceptions import ValidationError


class RegistryError(ValidationError):
    """A rule of the registry refused the change. A ValidationError, so a form can show it
    (``form.add_error(None, exc)``; a dict message goes next to its fields)."""


class IllegalTransition(RegistryError):
    """The case is not in a state that allows this step."""


class NotAllowed(RegistryError):
    """This user may not take this step on this case."""


class DuplicateNationalId(RegistryError):
    """The national ID is already held by another person (a DB unique constraint backs this)."""

    def __init__(self, errors, *, existing):
        super().__init__(errors)
        self.existing = existing


class PossibleDuplicate(RegistryError):
    """Someone with the same normalised name and birth date/year lives in the same province:
    the officer must confirm that this is another person."""

    def __init__(self, message, *, matches):
        super().__init__({"confirm_duplicate": [message]})
        self.matches = matches
