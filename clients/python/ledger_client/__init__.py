"""A client for ledgerd, the append-only fact ledger.

from ledger_client import Ledger
ledger = Ledger()                      # $LEDGER_SOCKET, else the default socket; or host="ssh://…"
ledger.append(subject="strike:1", predicate="killed", object=3, source="SOHR")
belief = ledger.belief("strike:1")
print(belief.predicates[0].status)
"""

from .client import Ledger, Results
from .errors import (
    BehindError,
    ConflictError,
    DamagedError,
    ForbiddenError,
    LedgerError,
    NotFoundError,
    ReceiptError,
    RefusedError,
    StorageFullError,
    TooLargeError,
    UnavailableError,
    UnreachableError,
)
from .models import (
    CREDIBILITY_NAMES,
    AppendedEvent,
    AppendResult,
    Basis,
    Belief,
    BeliefStatus,
    Candidate,
    Claim,
    ContestedPredicate,
    Event,
    EventType,
    HistoryEntry,
    InclusionProof,
    Polarity,
    PredicateBelief,
    Receipt,
    Reliability,
    SourceStanding,
    SourceSummary,
    Status,
    SubjectSummary,
)
from .receipt import verify_receipt

__all__ = [
    "CREDIBILITY_NAMES",
    "AppendResult",
    "AppendedEvent",
    "Basis",
    "BehindError",
    "Belief",
    "BeliefStatus",
    "Candidate",
    "Claim",
    "ConflictError",
    "ContestedPredicate",
    "DamagedError",
    "Event",
    "EventType",
    "ForbiddenError",
    "HistoryEntry",
    "InclusionProof",
    "Ledger",
    "LedgerError",
    "NotFoundError",
    "Polarity",
    "PredicateBelief",
    "Receipt",
    "ReceiptError",
    "RefusedError",
    "Reliability",
    "Results",
    "SourceStanding",
    "SourceSummary",
    "Status",
    "StorageFullError",
    "SubjectSummary",
    "TooLargeError",
    "UnavailableError",
    "UnreachableError",
    "verify_receipt",
]
