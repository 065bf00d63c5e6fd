"""Check a C2SP signed-note checkpoint against a verifier key, with the cryptography package's Ed25519.

Usage: verify_checkpoint.py CHECKPOINT_FILE VERIFIER_KEY
Prints "origin size root-hex" and exits 0 when the signature verifies; exits 1 otherwise.
"""

import base64
import hashlib
import pathlib
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def main() -> None:
    note = pathlib.Path(sys.argv[1]).read_text(encoding="utf-8")
    name, key_id_hex, key_b64 = sys.argv[2].split("+", 2)
    key = base64.b64decode(key_b64)
    assert key[0] == 0x01, "not an Ed25519 verifier key"
    key_id = hashlib.sha256(name.encode() + b"\n" + key).digest()[:4]
    assert key_id.hex() == key_id_hex, "the key id does not match the key"
    text, signatures = note.rsplit("\n\n", 1)
    text += "\n"
    public_key = Ed25519PublicKey.from_public_bytes(key[1:])
    for line in signatures.splitlines():
        dash, signer, blob_b64 = line.split(" ")
        blob = base64.b64decode(blob_b64)
        if dash == "\u2014" and signer == name and blob[:4] == key_id:
            try:
                public_key.verify(blob[4:], text.encode())
            except InvalidSignature:
                sys.exit("the signature does not verify")
            origin, size, root = text.splitlines()[:3]
            print(origin, size, base64.b64decode(root).hex())
            return
    sys.exit("no signature by that key")


if __name__ == "__main__":
    main()
