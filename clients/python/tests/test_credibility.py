"""Grades, affiliations and credibility through a real ledgerd: the seed graded as the contract's
illustration, source facts refused when they break the rules, and receipts whose graded answer was
altered, or from which a source fact was left out, refused here and by ledgerctl."""

import copy
import json

import pytest
from conftest import REPOSITORY, SUBJECT
from ledger_client import Ledger, ReceiptError, RefusedError, verify_receipt

GRADES = REPOSITORY / "examples" / "desk-grades.ndjson"
OFFICIAL = "anonymous Pentagon official (Washington Post)"
SPOKESMAN = "US-led coalition (Col. Steve Warren)"


@pytest.fixture
def graded(seeded):
    assert seeded.ctl("append", "--file", str(GRADES)).returncode == 0
    return Ledger(seeded.socket), seeded


def test_the_graded_seed_gives_the_contracts_figures(graded):
    ledger, _ = graded
    belief = ledger.belief(SUBJECT)
    credibility = {(p.predicate, json.dumps(c.object)): c.credibility for p in belief.predicates for c in p.candidates}
    assert credibility[("perpetrator", '"Russia"')] == 4
    assert credibility[("perpetrator", '"US-led coalition"')] == 5
    assert credibility[("killed", "4")] == 2 and credibility[("killed", "3")] == 5
    assert credibility[("wounded", "13")] == 2
    assert belief.predicate("perpetrator").load_bearing == [
        "deir-ezzor-2015:coalition-perpetrator",
        "deir-ezzor-2015:sfm-perpetrator",
    ]
    assert belief.sources[OFFICIAL].reliability == "F" and belief.sources["Syrian Foreign Ministry"].reliability == "D"
    assert belief.sources[OFFICIAL].group == SPOKESMAN == belief.sources[SPOKESMAN].group
    russia = belief.predicate("perpetrator").candidates[0]
    assert russia.credibility_name == "doubtful"


def test_an_ungraded_ledger_gives_f_and_four_or_six(seeded):
    belief = Ledger(seeded.socket).belief(SUBJECT)
    assert {s.reliability for s in belief.sources.values()} == {"F"}
    assert {c.credibility for p in belief.predicates for c in p.candidates} <= {4, 6}


def test_grade_part_of_and_source_from_python(seeded):
    ledger = Ledger(seeded.socket)
    ledger.grade("Syrian Observatory for Human Rights", "B", by="desk", reason="its counts held up")
    ledger.part_of("Syrian Observatory for Human Rights", "monitors", by="desk")
    ledger.part_of("monitors", "civil society", by="desk")
    summary = ledger.source("Syrian Observatory for Human Rights")
    assert summary.reliability == "B" and summary.ancestors == ["civil society", "monitors"]
    frame_rows = ledger.belief(SUBJECT, predicate="killed").to_frame().to_dict("records")
    observatory = next(row for row in frame_rows if row["source"] == "Syrian Observatory for Human Rights")
    assert observatory["reliability"] == "B" and observatory["credibility"] == 2
    assert observatory["credibility_name"] == "probably true"


@pytest.mark.parametrize(
    "event, field",
    [
        ({"subject": "source:x", "predicate": "reliability", "object": "G"}, "object"),
        ({"subject": "source:x", "predicate": "reliability", "object": 1}, "object"),
        ({"subject": "source:x", "predicate": "part_of", "object": ["a"]}, "object"),
        ({"subject": "source:x", "predicate": "part_of", "object": ""}, "object"),
        ({"subject": "s", "predicate": "p", "object": 1, "via": []}, "via"),
        ({"subject": "s", "predicate": "p", "object": 1, "via": ["a"] * 9}, "via"),
        ({"subject": "s", "predicate": "p", "object": 1, "via": [""]}, "via"),
        ({"subject": "s", "predicate": "p", "object": 1, "via": "Washington Post"}, "via"),
        ({"subject": "s", "predicate": "p", "object": 1, "basis": "rumour"}, "basis"),
    ],
)
def test_bad_source_facts_and_conduits_are_refused_and_nothing_is_written(seeded, event, field):
    ledger = Ledger(seeded.socket)
    head = ledger.status().head
    good = {"type": "assert", "subject": "s", "predicate": "p", "object": 2, "source": "x"}
    with pytest.raises(RefusedError) as refused:
        ledger.append([good, {"type": "assert", "source": "desk", **event}])
    assert refused.value.field == field and refused.value.index == 1
    assert ledger.status().head == head


def test_via_and_basis_are_kept_and_shown(seeded):
    ledger = Ledger(seeded.socket)
    ledger.append(subject="s", predicate="p", object=1, source="x", via=["a", "b"], basis="told", id="relayed")
    event = ledger.show("relayed")
    assert event.via == ["a", "b"] and event.basis == "told"
    # The same id with another conduit is other content.
    with pytest.raises(Exception, match="id"):
        ledger.append(subject="s", predicate="p", object=1, source="x", via=["a"], basis="told", id="relayed")


def _without_source_fact(receipt):
    altered = copy.deepcopy(receipt)
    index = next(i for i, e in enumerate(altered["events"]) if e.get("subject", "").startswith("source:"))
    del altered["events"][index]
    del altered["inclusion"][index]
    return altered


def _with_credibility(receipt):
    altered = copy.deepcopy(receipt)
    altered["belief"]["predicates"][0]["candidates"][0]["credibility"] = 1
    return altered


def _with_load_bearing(receipt):
    altered = copy.deepcopy(receipt)
    altered["belief"]["predicates"][0]["load_bearing"] = []
    return altered


def _with_group(receipt):
    altered = copy.deepcopy(receipt)
    altered["belief"]["sources"][OFFICIAL]["group"] = OFFICIAL
    return altered


@pytest.mark.parametrize("alter", [_without_source_fact, _with_credibility, _with_load_bearing, _with_group])
def test_an_altered_graded_receipt_is_refused_by_both_verifiers(graded, tmp_path, alter):
    ledger, daemon = graded
    key = ledger.status().verifier_key
    receipt = ledger.receipt(SUBJECT).raw
    assert any(e.get("subject", "").startswith("source:") for e in receipt["events"])
    assert verify_receipt(receipt, key).subject == SUBJECT
    altered = alter(receipt)
    with pytest.raises(ReceiptError, match="does not follow"):
        verify_receipt(altered, key)
    path = tmp_path / "altered.json"
    path.write_text(json.dumps(altered))
    checked = daemon.ctl("verify-receipt", str(path), "--key", key)
    assert checked.returncode == 4, checked.stderr
    assert "does not follow" in checked.stderr.decode()
