"""The errors the client raises: one LedgerError with the API's fields, and a subclass per kind."""

from typing import Optional


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
    """The request was refused: invalid input (400), not allowed (403), too large (413)."""


class NotFoundError(LedgerError):
    """What was asked for does not exist (404)."""


class ConflictError(LedgerError):
    """The request conflicts with the ledger (409): an id with other content, a moved head, an
    event already retracted or erased."""


class UnavailableError(LedgerError):
    """ledgerd cannot take the request now (503): shutting down, its storage unavailable, or a
    node behind the head asked for."""


class UnreachableError(LedgerError):
    """Nothing answered: no ledgerd on the socket, or the ssh connection to its host failed."""


def from_response(status: int, body: object) -> LedgerError:
    """The error a non-2xx answer stands for."""
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return LedgerError("invalid_response", f"ledgerd answered {status} without an error body.", status=status)
    kind = {404: NotFoundError, 409: ConflictError, 503: UnavailableError}.get(
        status, RefusedError if 400 <= status < 500 else LedgerError
    )
    return kind(
        str(error.get("code", "unknown")),
        str(error.get("message", "")),
        error.get("index"),
        error.get("field"),
        status,
    )
