"""verify_receipt against receipts and reports from a real ledgerd, and altered ones."""

import copy
import json

import pytest
from conftest import SUBJECT
from ledger_client import InclusionProof, Ledger, Receipt, ReceiptError, verify_receipt


@pytest.fixture
def receipt_and_key(seeded):
    ledger = Ledger(seeded.socket)
    ledger.retract("deir-ezzor-2015:sohr-killed", "corrected")
    ledger.erase("deir-ezzor-2015:rbss-perpetrator", "safety")
    return ledger.receipt(SUBJECT), ledger.status().verifier_key, seeded


def test_a_receipt_is_typed_and_saves_as_ledgerctl_does(receipt_and_key, tmp_path):
    receipt, key, daemon = receipt_and_key
    assert isinstance(receipt, Receipt) and receipt.belief.subject == SUBJECT
    assert receipt.verifier_key == key and receipt.checkpoint.endswith("\n")
    assert [proof.seq for proof in receipt.inclusion] == [event.seq for event in receipt.events]
    assert all(isinstance(proof, InclusionProof) and len(proof.leaf_hash) == 64 for proof in receipt.inclusion)
    assert {proof.tree_size for proof in receipt.inclusion} == {int(receipt.checkpoint.split("\n")[1])}
    path = tmp_path / "saved.json"
    receipt.save(path)
    assert daemon.ctl("verify-receipt", str(path), "--key", key).returncode == 0
    assert verify_receipt(path, key).subject == SUBJECT


def test_a_receipt_verifies_and_gives_its_belief(receipt_and_key):
    receipt, key, _ = receipt_and_key
    belief = verify_receipt(receipt, key)
    assert belief.subject == SUBJECT
    assert belief.predicate("perpetrator").status == "contested"
    assert belief.predicate("killed") is not None


def test_ledgerctl_receipts_and_reports_verify_from_their_files(receipt_and_key, tmp_path):
    _, key, daemon = receipt_and_key
    receipt_file, report_file = tmp_path / "receipt.json", tmp_path / "report.html"
    assert daemon.ctl("receipt", SUBJECT, "--at", "2015-12-07T10:00:00Z", "--out", str(receipt_file)).returncode == 0
    assert daemon.ctl("report", SUBJECT, "--out", str(report_file)).returncode == 0
    assert verify_receipt(receipt_file, key).predicate("perpetrator").status == "settled"
    assert verify_receipt(str(report_file), key).subject == SUBJECT


def altered(receipt, change):
    """A copy of the receipt's JSON, changed."""
    copy_ = copy.deepcopy(receipt.raw)
    change(copy_)
    return copy_


@pytest.mark.parametrize(
    "change, named",
    [
        (lambda r: r["belief"]["predicates"][0].update(status="denied"), "does not follow from the receipt's events"),
        (lambda r: r["events"][0].update(source="someone else"), "inclusion proof fails"),
        (lambda r: r["events"].pop(), "inclusion proofs"),
        (lambda r: r["inclusion"][1]["audit_path"].reverse(), "inclusion proof fails"),
        (lambda r: r.update(checkpoint=r["checkpoint"].replace("\n", "\n ", 1)), "signature does not verify"),
        (lambda r: [e["evidence"].update(quote="edited") for e in r["events"] if "evidence" in e][:1], "evidence_hash"),
        (lambda r: r["belief"].update(subject="strike:elsewhere"), "neither the receipt's subject"),
    ],
)
def test_an_altered_receipt_is_refused_naming_what_failed(receipt_and_key, change, named):
    receipt, key, _ = receipt_and_key
    with pytest.raises(ReceiptError) as refused:
        verify_receipt(altered(receipt, change), key)
    assert named in refused.value.message


def test_another_key_is_refused(receipt_and_key):
    receipt, _key, _ = receipt_and_key
    other = Ledger  # a second ledger's key
    from conftest import Daemon

    stranger = Daemon()
    try:
        other_key = other(stranger.socket).status().verifier_key
    finally:
        stranger.stop()
    with pytest.raises(ReceiptError) as refused:
        verify_receipt(receipt, other_key)
    assert "no signature by the key" in refused.value.message


def test_the_same_checks_as_ledgerctl_on_every_alteration_of_a_saved_file(receipt_and_key, tmp_path):
    receipt, key, daemon = receipt_and_key
    path = tmp_path / "r.json"
    bad = altered(receipt, lambda r: r["belief"]["predicates"][-1]["candidates"][0].update(affirmed_by=["nobody"]))
    path.write_text(json.dumps(bad))
    assert daemon.ctl("verify-receipt", str(path), "--key", key).returncode == 4
    with pytest.raises(ReceiptError):
        verify_receipt(path, key)


def test_equivalent_but_different_strings_and_edge_times_verify_as_the_ledger_keeps_them(daemon):
    ledger = Ledger(daemon.socket)
    nfc, nfd = "Jos\u00e9", "Jose\u0301"  # equal to a person, two sources to the ledger
    ledger.append(
        [
            {
                "type": "assert",
                "subject": "s",
                "predicate": "p",
                "object": 1,
                "source": nfc,
                "effective_at": "0000-01-01T00:00:00Z",
            },
            {
                "type": "assert",
                "subject": "s",
                "predicate": "p",
                "object": 2,
                "source": nfd,
                "effective_at": "9999-12-31T23:59:59.999999Z",
            },
        ]
    )
    events = list(ledger.replay())
    assert events[0].effective_at == "0000-01-01T00:00:00.000000Z", "a time Python cannot hold stays text"
    assert events[1].effective_at.year == 9999 and events[1].effective_at.microsecond == 999999
    at = "9999-12-31T23:59:59.999999Z"
    receipt = ledger.receipt("s", at=at, as_of=at)
    belief = verify_receipt(receipt, ledger.status().verifier_key)
    [predicate] = belief.predicates
    assert predicate.status == "contested"
    assert [c.affirmed_by for c in predicate.candidates] == [[nfc], [nfd]]
    # Swapping the two sources' bytes is a different belief, though the text looks the same.
    swapped = altered(receipt, lambda r: r["belief"]["predicates"][0]["candidates"][0].update(affirmed_by=[nfd]))
    with pytest.raises(ReceiptError):
        verify_receipt(swapped, ledger.status().verifier_key)
