"""Recompute the ledger's RFC 6962 root from a replay, trusting nothing of ours.

Reads `ledgerctl replay` NDJSON on standard input and prints the tree size and root hash (hex).
Uses only the rfc8785 package (an independent JCS implementation) and SHA-256.
"""

import hashlib
import json
import sys

import rfc8785


def leaf_hash(event: dict) -> bytes:
    event = dict(event)
    event.pop("evidence", None)  # the leaf commits to evidence through evidence_hash
    return hashlib.sha256(b"\x00" + rfc8785.dumps(event)).digest()


def root(hashes: list) -> bytes:
    if not hashes:
        return hashlib.sha256(b"").digest()
    if len(hashes) == 1:
        return hashes[0]
    k = 1
    while k * 2 < len(hashes):
        k *= 2
    return hashlib.sha256(b"\x01" + root(hashes[:k]) + root(hashes[k:])).digest()


def main() -> None:
    leaves = []
    for line in sys.stdin:
        if line.strip():
            event = json.loads(line)
            if "evidence" in event:
                digest = hashlib.sha256(rfc8785.dumps(event["evidence"])).hexdigest()
                if digest != event["evidence_hash"]:
                    sys.exit(f"event {event['seq']}: evidence does not match evidence_hash")
            leaves.append(leaf_hash(event))
    print(len(leaves), root(leaves).hex())


if __name__ == "__main__":
    main()
