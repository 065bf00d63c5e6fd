"""The errors the client raises: one LedgerError with the API's fields, and a subclass per kind,
chosen by the API's error `code` (the HTTP status only for a code this client does not know)."""

from typing import Dict, Optional, Type


class LedgerError(Exception):
    """ledgerd refused a request, or could not be reached, or a receipt failed to verify.

    `code`, `message`, `index` and `field` are the API's error fields (`index` and `field` where
    they apply); `status` is the HTTP status, when there was one.
    """

    def __init__(
        self,
        code: str,
        message: str,
        index: Optional[int] = None,
        field: Optional[str] = None,
        status: Optional[int] = None,
    ):
        super().__init__(message)
        self.code = code
        self.message = message
        self.index = index
        self.field = field
        self.status = status

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, message={self.message!r})"


class RefusedError(LedgerError):
    """The request was refused as it was sent (400): invalid JSON, a missing or unknown field, a
    wrong type or value, a bad query parameter. Fix the request; retrying it as is fails again."""


class ForbiddenError(RefusedError):
    """The caller may not do this (403, `forbidden`): the message names the configuration key that
    would let them."""


class TooLargeError(RefusedError):
    """An event, a batch or a body over ledgerd's limits (413): send less at a time."""


class NotFoundError(LedgerError):
    """What was asked for does not exist (404): `not_found`, or `unknown_target` for a retraction
    or erasure of an id the ledger does not hold."""


class ConflictError(LedgerError):
    """The request conflicts with the ledger (409): an id with other content, a moved head or
    subject, an event already retracted or erased, a restore into a ledger that holds events."""


class UnavailableError(LedgerError):
    """ledgerd cannot take the request now (503): shutting down, or its storage unavailable.
    Retrying later may succeed."""


class BehindError(UnavailableError):
    """The node asked has not yet reached the `min_head` asked for (503, `behind`): retry, or ask
    another node."""


class StorageFullError(LedgerError):
    """ledgerd's storage is full (507, `storage_full`); nothing of the request was written."""


class DamagedError(LedgerError):
    """ledgerd found its storage damaged or failing (500: `damaged_log`, `damaged_event`,
    `storage_failure`): its operator must look, as the message says."""


class ReceiptError(LedgerError):
    """A receipt did not verify (`receipt_invalid`): the message names the check that failed."""


class UnreachableError(LedgerError):
    """Nothing answered: no ledgerd on the socket, the ssh connection to its host failed, or an
    answer was cut before its end (`incomplete`)."""


_BY_CODE: Dict[str, Type[LedgerError]] = {
    "forbidden": ForbiddenError,
    "event_too_large": TooLargeError,
    "batch_too_large": TooLargeError,
    "body_too_large": TooLargeError,
    "not_found": NotFoundError,
    "unknown_target": NotFoundError,
    "id_conflict": ConflictError,
    "already_retracted": ConflictError,
    "head_moved": ConflictError,
    "subject_moved": ConflictError,
    "not_empty": ConflictError,
    "not_erasable": ConflictError,
    "already_erased": ConflictError,
    "backup_exists": ConflictError,
    "shutting_down": UnavailableError,
    "storage_unavailable": UnavailableError,
    "behind": BehindError,
    "storage_full": StorageFullError,
    "storage_failure": DamagedError,
    "damaged_event": DamagedError,
    "damaged_log": DamagedError,
    "receipt_invalid": ReceiptError,
}

_BY_STATUS: Dict[int, Type[LedgerError]] = {
    403: ForbiddenError,
    404: NotFoundError,
    409: ConflictError,
    413: TooLargeError,
    503: UnavailableError,
    507: StorageFullError,
}


def error_class(code: str, status: Optional[int] = None) -> Type[LedgerError]:
    """The class of an error with the API's `code`; for a code this client does not know, the class
    its HTTP status stands for."""
    if code in _BY_CODE:
        return _BY_CODE[code]
    if status is not None and status in _BY_STATUS:
        return _BY_STATUS[status]
    if status is not None and 400 <= status < 500:
        return RefusedError
    return LedgerError


def from_response(status: int, body: object) -> LedgerError:
    """The error a non-2xx answer stands for."""
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return LedgerError("invalid_response", f"ledgerd answered {status} without an error body.", status=status)
    code = str(error.get("code", "unknown"))
    return error_class(code, status)(
        code, str(error.get("message", "")), error.get("index"), error.get("field"), status
    )
