"""A client for ledgerd, the append-only fact ledger.

    from ledger_client import Ledger
    ledger = Ledger()                      # $LEDGER_SOCKET, else the default socket; or host="ssh://…"
    ledger.append(subject="strike:1", predicate="killed", object=3, source="SOHR")
    belief = ledger.belief("strike:1")
    print(belief.predicates[0].status)
"""

from .client import Ledger, Results
from .errors import (
    ConflictError,
    LedgerError,
    NotFoundError,
    RefusedError,
    UnavailableError,
    UnreachableError,
)
from .models import (
    AppendedEvent,
    AppendResult,
    Belief,
    Candidate,
    Claim,
    ContestedPredicate,
    Event,
    HistoryEntry,
    PredicateBelief,
    Status,
    SubjectSummary,
)
from .receipt import verify_receipt

__all__ = [
    "Ledger",
    "Results",
    "LedgerError",
    "RefusedError",
    "NotFoundError",
    "ConflictError",
    "UnavailableError",
    "UnreachableError",
    "AppendResult",
    "AppendedEvent",
    "Belief",
    "PredicateBelief",
    "Candidate",
    "HistoryEntry",
    "Claim",
    "SubjectSummary",
    "ContestedPredicate",
    "Event",
    "Status",
    "verify_receipt",
]
