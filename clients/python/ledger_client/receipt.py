"""Checks a belief receipt offline, as `ledgerctl verify-receipt` does, trusting neither the daemon nor
whoever sent it: the checkpoint's Ed25519 signature (C2SP signed note), each event's RFC 6962
inclusion proof against it (leaves are SHA-256 of RFC 8785 canonical JSON), each present evidence
against its hash, and the belief with its credibility recomputed from the receipt's events
(docs/semantics.md § Belief and § Sources)."""

import base64
import binascii
import hashlib
import json
import os
import re
from typing import Any, Dict, List, Optional, Tuple, Union

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from . import canonical
from .credibility import Evaluator, claims_of
from .errors import ReceiptError
from .models import Belief, Receipt
from .times import microseconds

ReceiptSource = Union[Receipt, Dict[str, Any], str, "os.PathLike[str]"]


def _fail(message: str) -> ReceiptError:
    return ReceiptError("receipt_invalid", message)


def verify_receipt(receipt: ReceiptSource, key: Optional[str]) -> Belief:
    """Verifies a receipt (a Receipt, its JSON as a dict, or the path of a receipt's JSON or of an HTML
    report) and returns the belief it proves. `key` is the ledger's verifier key you trust (`name+hexid+base64`); None
    checks against the receipt's own key, which proves only that the receipt is consistent.

    Raises ReceiptError (code `receipt_invalid`) whose message names the first check that failed.
    """
    data = _load(receipt)
    try:
        belief = data["belief"]
        note = data["checkpoint"]
        events = data["events"]
        proofs = data["inclusion"]
        multi_valued = set(data.get("multi_valued", []))
        predicate = data.get("predicate")
        key = key or data["verifier_key"]
    except (KeyError, TypeError):
        raise _fail("This is not a belief receipt: it lacks belief, checkpoint, events or inclusion.") from None
    _origin, size, root = _verify_note(note, key)
    if len(events) != len(proofs):
        raise _fail(f"The receipt has {len(events)} events but {len(proofs)} inclusion proofs.")
    claim_ids = set()
    for event, proof in zip(events, proofs):
        if not isinstance(event, dict) or not isinstance(event.get("seq"), int):
            raise _fail("An event of the receipt is not an event of the ledger.")
        seq = event["seq"]
        if proof.get("seq") != seq or proof.get("tree_size") != size:
            raise _fail(
                f"The inclusion proof given for event {seq} is for seq {proof.get('seq')} in a tree of "
                f"{proof.get('tree_size')}, not for the checkpoint's tree of {size}."
            )
        leaf = dict(event)
        leaf.pop("evidence", None)  # the leaf commits to the evidence through evidence_hash
        leaf_hash = hashlib.sha256(b"\x00" + canonical.dumps(leaf)).digest()
        try:
            path = [bytes.fromhex(node) for node in proof.get("audit_path", [])]
        except (ValueError, TypeError):
            raise _fail(f"The inclusion proof of event {seq} is not hex.") from None
        if not _verify_inclusion(leaf_hash, seq - 1, size, path, root):
            raise _fail(f"Event {seq} ({event.get('id')}) is not in the checkpoint's tree: its inclusion proof fails.")
        if "evidence" in event and hashlib.sha256(canonical.dumps(event["evidence"])).hexdigest() != event.get(
            "evidence_hash"
        ):
            raise _fail(f"The evidence of event {seq} ({event.get('id')}) does not match its evidence_hash.")
        kind = event.get("type")
        if kind == "assert":
            subject = event.get("subject")
            if subject != belief.get("subject") and not (isinstance(subject, str) and subject.startswith("source:")):
                raise _fail(
                    f"Event {seq} is about {subject}, neither the receipt's subject "
                    f"{belief.get('subject')} nor a source."
                )
            claim_ids.add(event.get("id"))
        elif kind in ("retract", "erase"):
            if event.get("target") not in claim_ids:
                verb = "retracts" if kind == "retract" else "erases"
                raise _fail(f"Event {seq} {verb} {event.get('target')}, which is no claim of the receipt.")
        else:
            raise _fail(f"Event {seq} has the type {kind!r}, which the ledger does not have.")
    try:
        horizon = (microseconds(belief["at"]), microseconds(belief["as_of"]), size)
    except (KeyError, TypeError, ValueError):
        raise _fail("The receipt's belief has no valid at and as_of times.") from None
    try:
        recomputed = Evaluator(claims_of(events), horizon, multi_valued).belief(belief["subject"], predicate)
    except (KeyError, TypeError, ValueError):
        raise _fail("An event of the receipt lacks a field the belief needs.") from None
    recomputed.update(subject=belief["subject"], at=belief["at"], as_of=belief["as_of"])
    if canonical.dumps(recomputed) != canonical.dumps(belief):
        raise _fail("The belief does not follow from the receipt's events: " + _difference(recomputed, belief) + ".")
    return Belief.from_json(recomputed)


def _difference(recomputed: Dict[str, Any], stated: Dict[str, Any]) -> str:
    """Which check of the belief failed, in the words ledgerctl uses."""
    said = ", ".join(f"{p['predicate']} {p['status']}" for p in recomputed["predicates"])
    claimed = ", ".join(f"{p.get('predicate')} {p.get('status')}" for p in stated.get("predicates", []))
    if said != claimed:
        return f"recomputed, it is {said}; the receipt says {claimed}"
    for mine, theirs in zip(recomputed["predicates"], stated.get("predicates", [])):
        for candidate, claimed_candidate in zip(mine["candidates"], theirs.get("candidates", [])):
            if candidate["credibility"] != claimed_candidate.get("credibility"):
                return (
                    f"the credibility of {canonical.dumps(candidate['object']).decode()} for {mine['predicate']} is "
                    f"{candidate['credibility']} from the receipt's events; the receipt says "
                    f"{claimed_candidate.get('credibility')}"
                )
        if mine["load_bearing"] != theirs.get("load_bearing"):
            return (
                f"the load-bearing claims of {mine['predicate']} are {mine['load_bearing']} from the receipt's events; "
                f"the receipt says {theirs.get('load_bearing')}"
            )
    sources, claimed_sources = recomputed["sources"], stated.get("sources") or {}
    for name in sorted(set(sources) | set(claimed_sources), key=lambda n: n.encode("utf-8")):
        if sources.get(name) != claimed_sources.get(name):
            return (
                f"the source {name} is {sources.get(name)} from the receipt's events; "
                f"the receipt says {claimed_sources.get(name)}"
            )
    return "its candidates or their sources differ from those its events give"


def _load(receipt: ReceiptSource) -> Dict[str, Any]:
    if isinstance(receipt, Receipt):
        return receipt.raw
    if isinstance(receipt, dict):
        return receipt
    path = os.fspath(receipt)
    try:
        with open(path, "rb") as file:
            raw = file.read()
    except OSError as error:
        raise _fail(f"{path} cannot be read: {error.strerror}.") from None
    if raw.lstrip().startswith(b"<"):
        match = re.search(rb'id="ledger-receipt"[^>]*>(.*?)</script>', raw, re.S)
        if not match:
            raise _fail(f'{path} is HTML without an embedded receipt (<script id="ledger-receipt">).')
        raw = match.group(1)
    try:
        data = json.loads(raw)
    except ValueError as error:
        raise _fail(f"{path} does not hold a receipt: {error}.") from None
    if not isinstance(data, dict):
        raise _fail(f"{path} does not hold a receipt.")
    return data


def _verify_note(note: str, key: str) -> Tuple[str, int, bytes]:
    """The checkpoint (origin, tree size, root hash) once its signature by `key` verifies."""
    try:
        name, key_id_hex, key_b64 = key.strip().split("+", 2)
        raw_key = base64.b64decode(key_b64, validate=True)
    except (ValueError, binascii.Error):
        raise _fail(f'"{key}" is not a verifier key of the form name+hexid+base64key (Ed25519).') from None
    if len(raw_key) != 33 or raw_key[0] != 0x01:
        raise _fail(f'"{key}" is not an Ed25519 verifier key.')
    key_id = hashlib.sha256(name.encode() + b"\n" + raw_key).digest()[:4]
    if key_id.hex() != key_id_hex:
        raise _fail("The verifier key's id does not match its name and key.")
    if "\n\n" not in note:
        raise _fail("The checkpoint is not a signed note.")
    text, signatures = note.rsplit("\n\n", 1)
    text += "\n"
    public_key = Ed25519PublicKey.from_public_bytes(raw_key[1:])
    for line in signatures.splitlines():
        parts = line.split(" ")
        if len(parts) != 3 or parts[0] != "\u2014" or parts[1] != name:
            continue
        try:
            blob = base64.b64decode(parts[2], validate=True)
        except binascii.Error:
            continue
        if blob[:4] != key_id:
            continue
        try:
            public_key.verify(blob[4:], text.encode())
        except InvalidSignature:
            raise _fail(f"The checkpoint's signature does not verify with the key {key}.") from None
        lines = text.split("\n")
        try:
            return lines[0], int(lines[1]), base64.b64decode(lines[2], validate=True)
        except (IndexError, ValueError, binascii.Error):
            raise _fail("The checkpoint's text is not origin, size and root hash.") from None
    raise _fail(f"The checkpoint has no signature by the key {key}.")


def _verify_inclusion(leaf: bytes, index: int, size: int, path: List[bytes], root: bytes) -> bool:
    """RFC 9162 § 2.1.3.2."""
    if index < 0 or index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for node in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = hashlib.sha256(b"\x01" + node + r).digest()
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = hashlib.sha256(b"\x01" + r + node).digest()
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root
