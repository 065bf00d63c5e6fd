"""Typed results, with the API's field names; times are timezone-aware datetimes (see times.py)."""

import dataclasses
import datetime as _dt
import functools
import json
import os
from dataclasses import dataclass, field, fields
from typing import Any, Dict, FrozenSet, List, Literal, Optional, Union

from .times import parse_time

Time = Union[_dt.datetime, str]

#: A predicate's status: one candidate affirmed and none other (`settled`), more than one candidate or
#: affirmations and denials of one (`contested`), or only denials (`denied`).
BeliefStatus = Literal["settled", "contested", "denied"]
#: What an event does: a claim, the withdrawal of one, or the erasure of a claim's evidence.
EventType = Literal["assert", "retract", "erase"]
#: Whether a claim affirms or denies its object.
Polarity = Literal["affirm", "deny"]
#: How a claim's source knows: first hand, told by someone, or inferred ("I think").
Basis = Literal["witnessed", "told", "inferred"]
#: A source's reliability on the Admiralty scale: A completely reliable … E unreliable, F cannot be judged.
Reliability = Literal["A", "B", "C", "D", "E", "F"]

#: The Admiralty scale's words for each credibility, 1 to 6.
CREDIBILITY_NAMES: Dict[int, str] = {
    1: "confirmed",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "cannot be judged",
}


@functools.cache
def _field_names(cls) -> FrozenSet[str]:
    return frozenset(f.name for f in fields(cls))


def _known(cls, data: Dict[str, Any]) -> Dict[str, Any]:
    names = _field_names(cls)
    return {key: value for key, value in data.items() if key in names}


def _timed(cls, data: Dict[str, Any]):
    """An instance of `cls` from the fields of `data` it has, its two times parsed."""
    values = _known(cls, data)
    values["recorded_at"] = parse_time(data["recorded_at"])
    values["effective_at"] = parse_time(data.get("effective_at"))
    return cls(**values)


@dataclass(frozen=True)
class AppendedEvent:
    seq: int
    id: str
    recorded_at: Time
    duplicate: bool

    @classmethod
    def from_json(cls, data: Dict[str, Any]) -> "AppendedEvent":
        return cls(data["seq"], data["id"], parse_time(data["recorded_at"]), bool(data.get("duplicate", False)))


@dataclass(frozen=True)
class AppendResult:
    """The head the append reached (pass it on as `min_head`), and one result per event."""

    head: int
    results: List[AppendedEvent]

    @classmethod
    def from_json(cls, data: Dict[str, Any]) -> "AppendResult":
        return cls(data["head"], [AppendedEvent.from_json(item) for item in data["results"]])


@dataclass(frozen=True)
class Candidate:
    object: Any
    affirmed_by: List[str]
    denied_by: List[str]
    claims: List[str]
    #: 1 confirmed … 6 cannot be judged: what the grades of its sources make of it.
    credibility: Optional[int] = None

    @property
    def credibility_name(self) -> Optional[str]:
        """The credibility in words: "probably true"."""
        return CREDIBILITY_NAMES.get(self.credibility) if self.credibility is not None else None


@dataclass(frozen=True)
class PredicateBelief:
    predicate: str
    status: BeliefStatus
    candidates: List[Candidate]
    #: The claims without any one of which the status, a candidate or a credibility would change.
    load_bearing: Optional[List[str]] = None

    @classmethod
    def from_json(cls, data: Dict[str, Any]) -> "PredicateBelief":
        return cls(
            data["predicate"],
            data["status"],
            [Candidate(**_known(Candidate, c)) for c in data["candidates"]],
            data.get("load_bearing"),
        )


@dataclass(frozen=True)
class SourceStanding:
    """What a belief says of a source it names: its effective reliability and its origin group."""

    reliability: Reliability
    group: str


@dataclass(frozen=True)
class Belief:
    """What is believed about a subject at valid time `at`, as recorded by `as_of`, with the standing
    of every source it names."""

    subject: str
    at: Time
    as_of: Time
    predicates: List[PredicateBelief]
    sources: Dict[str, SourceStanding] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Dict[str, Any]) -> "Belief":
        return cls(
            data["subject"],
            parse_time(data["at"]),
            parse_time(data["as_of"]),
            [PredicateBelief.from_json(p) for p in data["predicates"]],
            {name: SourceStanding(**s) for name, s in (data.get("sources") or {}).items()},
        )

    def predicate(self, name: str) -> Optional[PredicateBelief]:
        """The belief about one predicate, or None."""
        return next((p for p in self.predicates if p.predicate == name), None)

    def to_frame(self):
        """A pandas DataFrame, one row a stance: predicate, status, object, its credibility (number and
        words), the source, whether it affirms or denies, the source's reliability and origin group."""
        try:
            import pandas
        except ImportError:
            raise ImportError("to_frame() needs pandas: pip install 'ledger-client[pandas]'") from None
        rows = []
        for predicate in self.predicates:
            for candidate in predicate.candidates:
                for stance, names in (("affirm", candidate.affirmed_by), ("deny", candidate.denied_by)):
                    for name in names:
                        standing = self.sources.get(name)
                        rows.append(
                            {
                                "predicate": predicate.predicate,
                                "status": predicate.status,
                                "object": candidate.object,
                                "credibility": candidate.credibility,
                                "credibility_name": candidate.credibility_name,
                                "source": name,
                                "stance": stance,
                                "reliability": standing.reliability if standing else None,
                                "group": standing.group if standing else None,
                            }
                        )
        return pandas.DataFrame(rows)


@dataclass(frozen=True)
class SourceSummary:
    """What is held about a source at a moment: its effective reliability and its ancestors."""

    name: str
    reliability: Reliability
    ancestors: List[str]
    at: Time
    as_of: Time

    @classmethod
    def from_json(cls, data: Dict[str, Any]) -> "SourceSummary":
        return cls(
            data["name"], data["reliability"], data["ancestors"], parse_time(data["at"]), parse_time(data["as_of"])
        )


@dataclass(frozen=True)
class HistoryEntry:
    """One event of a subject's history, with the belief change it caused."""

    seq: int
    id: str
    type: EventType
    recorded_at: Time
    effective_at: Time
    actor: str
    predicate: str
    object: Any
    source: str
    polarity: Polarity
    gained: list
    lost: list
    target: Optional[str] = None
    reason: Optional[str] = None
    status_before: Optional[BeliefStatus] = None
    status_after: Optional[BeliefStatus] = None
    erased: Optional[Dict[str, Any]] = None
    via: Optional[List[str]] = None
    basis: Optional[Basis] = None

    @classmethod
    def from_json(cls, data: Dict[str, Any]) -> "HistoryEntry":
        return _timed(cls, data)


@dataclass(frozen=True)
class Claim:
    """A claim of one source, with whether it still stands and its predicate's status now."""

    seq: int
    id: str
    subject: str
    predicate: str
    object: Any
    polarity: Polarity
    effective_at: Time
    recorded_at: Time
    stands: bool
    status: Optional[BeliefStatus] = None

    @classmethod
    def from_json(cls, data: Dict[str, Any]) -> "Claim":
        return _timed(cls, data)


@dataclass(frozen=True)
class SubjectSummary:
    subject: str
    events: int

    @classmethod
    def from_json(cls, data: Dict[str, Any]) -> "SubjectSummary":
        return cls(**_known(cls, data))


@dataclass(frozen=True)
class ContestedPredicate:
    subject: str
    predicate: str
    status: BeliefStatus
    candidates: List[Candidate]

    @classmethod
    def from_json(cls, data: Dict[str, Any]) -> "ContestedPredicate":
        return cls(
            data["subject"],
            data["predicate"],
            data["status"],
            [Candidate(**_known(Candidate, c)) for c in data["candidates"]],
        )


@dataclass(frozen=True)
class Event:
    """A stored event, as a replay gives it: `seq`, `id`, `type`, `actor` and the rest of its fields
    (absent ones are None). `raw` is the event exactly as parsed."""

    seq: int
    id: str
    type: EventType
    actor: str
    recorded_at: Time
    effective_at: Optional[Time] = None
    subject: Optional[str] = None
    predicate: Optional[str] = None
    object: Any = None
    source: Optional[str] = None
    polarity: Optional[Polarity] = None
    confidence: Optional[float] = None
    via: Optional[List[str]] = None
    basis: Optional[Basis] = None
    evidence: Optional[Dict[str, Any]] = None
    evidence_hash: Optional[str] = None
    target: Optional[str] = None
    reason: Optional[str] = None
    raw: Dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_json(cls, data: Dict[str, Any]) -> "Event":
        return dataclasses.replace(_timed(cls, data), raw=data)


@dataclass(frozen=True)
class Status:
    """The daemon's state: its head, root and checkpoint key, and the rest of `GET /v1/status`."""

    head: int
    root_hash: str
    verifier_key: str
    version: str
    raw: Dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_json(cls, data: Dict[str, Any]) -> "Status":
        return cls(data["head"], data["root_hash"], data["verifier_key"], data["version"], raw=data)

    def __getattr__(self, name: str) -> Any:
        raw = self.__dict__.get("raw", {})
        if name in raw:
            return raw[name]
        raise AttributeError(name)


@dataclass(frozen=True)
class InclusionProof:
    """Event `seq` is leaf `seq - 1` of the tree of `tree_size` events: its leaf hash and the audit
    path to the root (RFC 6962), in hex."""

    seq: int
    tree_size: int
    leaf_hash: str
    audit_path: List[str]

    @classmethod
    def from_json(cls, data: Dict[str, Any]) -> "InclusionProof":
        return cls(data["seq"], data["tree_size"], data["leaf_hash"], list(data["audit_path"]))


@dataclass(frozen=True)
class Receipt:
    """A belief receipt: the belief, the signed checkpoint it was computed at, the key that signed
    it, every event touching the subject up to that checkpoint and each one's inclusion proof.

    Check it with `verify_receipt(receipt, key)`; `save` writes it as `ledgerctl receipt` does, for a
    reader to check offline. `raw` is the receipt's JSON object exactly as ledgerd sent it.
    """

    belief: Belief
    checkpoint: str
    verifier_key: str
    events: List[Event]
    inclusion: List[InclusionProof]
    raw: Dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_json(cls, data: Dict[str, Any]) -> "Receipt":
        return cls(
            Belief.from_json(data["belief"]),
            data["checkpoint"],
            data["verifier_key"],
            [Event.from_json(event) for event in data["events"]],
            [InclusionProof.from_json(proof) for proof in data["inclusion"]],
            raw=data,
        )

    def save(self, path: Union[str, "os.PathLike[str]"]) -> None:
        """Writes the receipt's JSON to `path`."""
        with open(path, "w", encoding="utf-8") as file:
            json.dump(self.raw, file, ensure_ascii=False, indent=2)
            file.write("\n")
