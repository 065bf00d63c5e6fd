"""Load the seed article's claims into a ledger, then plot when each source said what about one strike.

    python examples/timeline.py [--socket PATH | --host ssh://USER@HOST/path/to/ledgerd.sock] [--out timeline.png]

Run it against an empty ledger or one that already holds the example: the events have ids, so a
second load records nothing new.
"""

import argparse
import json
import pathlib

import matplotlib

matplotlib.use("Agg")  # no display needed
import matplotlib.pyplot as plt
from ledger_client import Ledger

SEED = pathlib.Path(__file__).resolve().parents[3] / "examples" / "deir-ezzor-2015.ndjson"
SUBJECT = "strike:deir-ezzor:2015-12-06"


def short(value, width: int = 28) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= width else text[: width - 1] + "…"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--socket")
    parser.add_argument("--host")
    parser.add_argument("--out", default="timeline.png")
    arguments = parser.parse_args()
    ledger = Ledger(arguments.socket, host=arguments.host)

    events = [json.loads(line) for line in SEED.read_text().splitlines() if line.strip()]
    appended = ledger.append(events)
    print(f"{sum(not r.duplicate for r in appended.results)} new events; the ledger's head is {appended.head}")

    history = ledger.history(SUBJECT).to_frame()
    claims = history[history["type"] == "assert"]
    sources = sorted(claims["source"].unique())
    figure, axes = plt.subplots(figsize=(11, 1.5 + 1.1 * len(sources)))
    for row, source in enumerate(sources):
        said = claims[claims["source"] == source]
        denied = said["polarity"] == "deny"
        axes.scatter(said["effective_at"][~denied], [row] * int((~denied).sum()), s=60, label=None)
        axes.scatter(
            said["effective_at"][denied], [row] * int(denied.sum()), s=60, facecolors="none", edgecolors="black"
        )
        # One label for everything a source said at one time, a line a claim.
        for when, together in said.groupby("effective_at"):
            lines = [
                f"{'not ' if claim['polarity'] == 'deny' else ''}{claim['predicate']}: {short(claim['object'])}"
                for _, claim in together.iterrows()
            ]
            axes.annotate(
                "\n".join(lines), (when, row), textcoords="offset points", xytext=(6, 4), fontsize=7, va="bottom"
            )
    axes.set_yticks(range(len(sources)), sources, fontsize=8)
    axes.set_title(f"Who claimed what about {SUBJECT}, by valid time (hollow: a denial)")
    axes.set_ylim(-0.5, len(sources) + 0.5)
    axes.margins(x=0.15)
    figure.autofmt_xdate()
    figure.tight_layout()
    figure.savefig(arguments.out, dpi=120)

    for predicate in ledger.belief(SUBJECT).predicates:
        print(f"{predicate.predicate:12} {predicate.status}")
    print(f"wrote {arguments.out}")


if __name__ == "__main__":
    main()
