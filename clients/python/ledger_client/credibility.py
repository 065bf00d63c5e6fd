"""Belief and credibility recomputed from events, as the ledger computes them (docs/semantics.md §
Belief and § Sources): every string compared by its code points (its UTF-8 bytes), objects by their
canonical JSON. `receipt.verify_receipt` uses it to recompute a receipt's answer from its events."""

from typing import Any, Dict, List, Optional, Set, Tuple

from . import canonical
from .times import microseconds

SOURCE_PREFIX = "source:"
GRADES = ("A", "B", "C", "D", "E", "F")


def _by_bytes(text: str) -> bytes:
    return text.encode("utf-8")


def claims_of(events: List[Dict[str, Any]]) -> Dict[str, Dict[str, Any]]:
    """Every claim of the events by id, with its retraction (seq, recorded, effective) if one is there."""
    claims: Dict[str, Dict[str, Any]] = {}
    for event in events:
        if event.get("type") != "assert":
            continue
        recorded = microseconds(event["recorded_at"])
        claims[event["id"]] = {
            "seq": event["seq"],
            "id": event["id"],
            "recorded": recorded,
            "effective": microseconds(event["effective_at"]) if "effective_at" in event else recorded,
            "subject": event["subject"],
            "predicate": event["predicate"],
            "object": event["object"],
            "object_bytes": canonical.dumps(event["object"]),
            "source": event["source"],
            "polarity": event.get("polarity", "affirm"),
            "inferred": event.get("basis") == "inferred",
            "retraction": None,
        }
    for event in events:
        if event.get("type") == "retract" and event.get("target") in claims:
            recorded = microseconds(event["recorded_at"])
            effective = microseconds(event["effective_at"]) if "effective_at" in event else recorded
            claims[event["target"]]["retraction"] = (event["seq"], recorded, effective)
    return claims


class Evaluator:
    """The graded belief about one subject at one horizon (at, as_of, through seq), from claims."""

    def __init__(self, claims: Dict[str, Dict[str, Any]], horizon: Tuple[int, int, int], multi_valued: Set[str]):
        self.horizon = horizon
        self.multi_valued = multi_valued
        self.by_subject: Dict[str, List[Dict[str, Any]]] = {}
        for claim in sorted(claims.values(), key=lambda c: c["seq"]):
            self.by_subject.setdefault(claim["subject"], []).append(claim)

    def sees(self, claim: Dict[str, Any]) -> bool:
        at, as_of, through = self.horizon

        def recorded(seq: int, when: int) -> bool:
            return when <= as_of and seq <= through

        if not recorded(claim["seq"], claim["recorded"]) or claim["effective"] > at:
            return False
        retraction = claim["retraction"]
        return not (retraction and recorded(retraction[0], retraction[1]) and retraction[2] <= at)

    def stances(self, claims: List[Dict[str, Any]]) -> Dict[Tuple[bytes, str], Dict[str, Any]]:
        stances: Dict[Tuple[bytes, str], Dict[str, Any]] = {}
        for claim in claims:
            if not self.sees(claim):
                continue
            key = (claim["object_bytes"], claim["source"])
            current = stances.get(key)
            if current is None or (current["effective"], current["seq"]) <= (claim["effective"], claim["seq"]):
                stances[key] = claim
        return stances

    def is_multi_valued(self, subject: str, predicate: str) -> bool:
        return predicate in self.multi_valued or (predicate == "part_of" and subject.startswith(SOURCE_PREFIX))

    def predicates(self, subject: str, excluded: Optional[str]) -> List[Dict[str, Any]]:
        """The ungraded belief: each predicate's status and candidates, with `_stances` kept aside."""
        claims = [c for c in self.by_subject.get(subject, []) if c["id"] != excluded]
        result = []
        for name in sorted({c["predicate"] for c in claims}, key=_by_bytes):
            stances = self.stances([c for c in claims if c["predicate"] == name])
            if not stances:
                continue
            by_object: Dict[bytes, List[Dict[str, Any]]] = {}
            for claim in stances.values():
                by_object.setdefault(claim["object_bytes"], []).append(claim)
            candidates = []
            for object_bytes, setting in by_object.items():
                setting.sort(key=lambda c: c["seq"])
                candidates.append(
                    (
                        object_bytes,
                        {
                            "affirmed_by": sorted(
                                {c["source"] for c in setting if c["polarity"] == "affirm"}, key=_by_bytes
                            ),
                            "claims": [c["id"] for c in setting],
                            "denied_by": sorted(
                                {c["source"] for c in setting if c["polarity"] == "deny"}, key=_by_bytes
                            ),
                            "object": setting[0]["object"],
                        },
                    )
                )
            candidates.sort(key=lambda pair: (-len(pair[1]["affirmed_by"]), pair[0]))
            ordered = [candidate for _, candidate in candidates]
            affirmed = [c for c in ordered if c["affirmed_by"]]
            disputed = any(c["affirmed_by"] and c["denied_by"] for c in ordered)
            if disputed or (not self.is_multi_valued(subject, name) and len(affirmed) >= 2):
                status = "contested"
            else:
                status = "settled" if affirmed else "denied"
            result.append({"candidates": ordered, "predicate": name, "status": status, "_stances": stances})
        return result

    def undisputed(self, name: str, predicate: str, excluded: Optional[str]) -> List[Any]:
        for belief in self.predicates(SOURCE_PREFIX + name, excluded):
            if belief["predicate"] == predicate:
                return [c["object"] for c in belief["candidates"] if c["affirmed_by"] and not c["denied_by"]]
        return []

    def reliability(self, name: str, excluded: Optional[str]) -> str:
        letters = [g for g in self.undisputed(name, "reliability", excluded) if isinstance(g, str) and g in GRADES]
        return max(letters) if letters else "F"

    def ancestors(self, name: str, excluded: Optional[str]) -> Set[str]:
        reached, queue = {name}, [name]
        while queue:
            for body in self.undisputed(queue.pop(), "part_of", excluded):
                if isinstance(body, str) and body and body not in reached:
                    reached.add(body)
                    queue.append(body)
        return reached

    def graded(self, subject: str, excluded: Optional[str]) -> Tuple[List[Dict[str, Any]], Dict[str, Dict[str, str]]]:
        predicates = self.predicates(subject, excluded)
        named = sorted({s for p in predicates for c in p["candidates"] for s in c["affirmed_by"] + c["denied_by"]})
        ancestors = {name: self.ancestors(name, excluded) for name in named}
        parent = {name: name for name in named}

        def root(name: str) -> str:
            while parent[name] != name:
                name = parent[name]
            return name

        holder: Dict[str, str] = {}
        for name in named:
            for ancestor in ancestors[name]:
                if ancestor not in holder:
                    holder[ancestor] = name
                    continue
                a, b = root(name), root(holder[ancestor])
                if a != b:
                    parent[max(a, b, key=_by_bytes)] = min(a, b, key=_by_bytes)
        standings = {
            name: {"group": min((n for n in named if root(n) == root(name)), key=_by_bytes), "reliability": None}
            for name in named
        }
        for name in named:
            standings[name]["reliability"] = self.reliability(name, excluded)
        for belief in predicates:
            multi = self.is_multi_valued(subject, belief["predicate"])
            affirms: Dict[str, Set[bytes]] = {}
            denies: Dict[str, Set[bytes]] = {}
            for (object_bytes, source), claim in belief["_stances"].items():
                standing = standings[source]
                if standing["reliability"] not in ("A", "B", "C") or claim["inferred"]:
                    continue
                target = affirms if claim["polarity"] == "affirm" else denies
                target.setdefault(standing["group"], set()).add(object_bytes)
            groups = set(affirms) | set(denies)
            for candidate in belief["candidates"]:
                mine = canonical.dumps(candidate["object"])
                support = sum(1 for g in groups if mine in affirms.get(g, set()))
                opposition = sum(
                    1
                    for g in groups
                    if mine in denies.get(g, set()) or (not multi and any(o != mine for o in affirms.get(g, set())))
                )
                candidate["credibility"] = _credibility(support, opposition, bool(candidate["affirmed_by"]))
        return predicates, standings

    def belief(self, subject: str, predicate: Optional[str]) -> Dict[str, Any]:
        """The graded belief as the API answers it: `predicates` and `sources`."""
        predicates, standings = self.graded(subject, None)
        for belief in predicates:
            if predicate is not None and belief["predicate"] != predicate:
                continue
            bearing = set()
            for claim_id in {i for c in belief["candidates"] for i in c["claims"]}:
                without = next(
                    (p for p in self.graded(subject, claim_id)[0] if p["predicate"] == belief["predicate"]), None
                )
                after = {canonical.dumps(c["object"]): c["credibility"] for c in (without or {}).get("candidates", [])}
                if (
                    without is None
                    or without["status"] != belief["status"]
                    or any(after.get(canonical.dumps(c["object"])) != c["credibility"] for c in belief["candidates"])
                ):
                    bearing.add(claim_id)
            belief["load_bearing"] = sorted(bearing, key=_by_bytes)
        if predicate is not None:
            predicates = [p for p in predicates if p["predicate"] == predicate]
        for belief in predicates:
            del belief["_stances"]
        named = {s for p in predicates for c in p["candidates"] for s in c["affirmed_by"] + c["denied_by"]}
        return {"predicates": predicates, "sources": {name: standings[name] for name in named}}


def _credibility(support: int, opposition: int, affirmed: bool) -> int:
    if support >= 2 and opposition == 0:
        return 1
    if support == 1 and opposition == 0:
        return 2
    if support >= 1 and opposition >= 1:
        return 3
    if support == 0 and opposition == 0 and affirmed:
        return 4
    if support == 0 and opposition >= 1:
        return 5
    return 6
