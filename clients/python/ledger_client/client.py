"""`Ledger`: ledgerd's API as Python methods named like ledgerctl's commands."""

import json
import os
import time
from typing import Any, Callable, Dict, Generic, Iterable, Iterator, List, Optional, TypeVar
from urllib.parse import quote, urlencode

from .canonical import check_exact
from .errors import UnreachableError, from_response
from .exchange import DEFAULT_TIMEOUT, HTTPXExchange, SocketExchange, TransportFailure
from .models import (
    AppendResult,
    Belief,
    Claim,
    ContestedPredicate,
    Event,
    HistoryEntry,
    Receipt,
    SourceSummary,
    Status,
    SubjectSummary,
)
from .times import TimeLike, format_time
from .transport import SSHDestination, SSHTransport, default_socket, ssh_command_from_environment

T = TypeVar("T")


class Results(Generic[T]):
    """A list result: iterate it (pages are fetched as they are reached, following `next_after`), or
    take it whole with `list(...)` or `to_frame()`."""

    def __init__(self, pages: Callable[[], Iterator[List[T]]]):
        self._pages = pages

    def __iter__(self) -> Iterator[T]:
        for page in self._pages():
            yield from page

    def to_list(self) -> List[T]:
        return list(self)

    def to_frame(self):
        """A pandas DataFrame, one row an item, the API's field names as columns (needs
        `pip install ledger-client[pandas]`)."""
        try:
            import pandas
        except ImportError:
            raise ImportError("to_frame() needs pandas: pip install 'ledger-client[pandas]'") from None
        from dataclasses import asdict

        return pandas.DataFrame([{k: v for k, v in asdict(item).items() if k != "raw"} for item in self])


def _query(**values: Any) -> Dict[str, str]:
    query = {}
    for key, value in values.items():
        if value is None:
            continue
        if key in {"at", "as_of", "valid_from", "valid_to", "recorded_from", "recorded_to"}:
            value = format_time(value)
        elif isinstance(value, bool):
            value = "true" if value else "false"
        query[key] = str(value)
    return query


class Ledger:
    """A client of ledgerd.

    `socket`: the daemon's Unix socket (default: $LEDGER_SOCKET, else ledgerctl's default rule).
    `host`: `ssh://USER@HOST[:PORT][/path/to/ledgerd.sock]` (default: $LEDGER_HOST) for a daemon on
    another machine, reached as `ledgerctl --host` does, through `ssh … ledgerctl dial-stdio`;
    `ssh_command` replaces `ssh` (default: $LEDGER_SSH_COMMAND). `min_head`: every read waits for a
    node that holds at least this seq.
    """

    def __init__(
        self,
        socket: Optional[str] = None,
        *,
        host: Optional[str] = None,
        timeout: float = 10.0,
        ssh_command: Optional[List[str]] = None,
        min_head: Optional[int] = None,
    ):
        host = host if host is not None else (os.environ.get("LEDGER_HOST") or None)
        if host and socket:
            raise ValueError("give socket or host, not both: the socket goes in the host's URL")
        if host:
            destination = SSHDestination.parse(host)
            self.where = str(destination)
            transport = SSHTransport(destination, ssh_command or ssh_command_from_environment())
            self._exchange = HTTPXExchange(transport, timeout)
        else:
            self.where = socket or default_socket()
            self._exchange = SocketExchange(self.where, timeout)
        self.min_head = min_head

    def close(self) -> None:
        self._exchange.close()

    def __enter__(self) -> "Ledger":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # Requests

    def _request(
        self, method: str, path: str, *, params=None, body: Any = None, stream: bool = False, timeout=DEFAULT_TIMEOUT
    ):
        params = dict(params or {})
        if method == "GET" and self.min_head is not None:
            params["min_head"] = str(self.min_head)
        if body is not None:
            check_exact(body, "the request's")
        content = None if body is None else json.dumps(body, ensure_ascii=False, allow_nan=False).encode()
        headers = {"Content-Type": "application/json"} if content is not None else {}
        target = path + ("?" + urlencode(params, quote_via=quote, safe="") if params else "")
        try:
            response = self._exchange.send(method, target, content, headers, timeout, stream)
        except TransportFailure as error:
            raise UnreachableError(
                "unreachable",
                f"Cannot reach ledgerd at {self.where} ({error}). Start it with `ledgerd`, "
                "or point socket= (or $LEDGER_SOCKET) at the socket it serves.",
            ) from None
        if response.status_code >= 400:
            if stream:
                response.read()
                response.close()
            try:
                body = response.json()
            except ValueError:
                body = None
            raise from_response(response.status_code, body)
        return response

    def _get(self, path: str, **params: Any) -> Any:
        return self._request("GET", path, params=_query(**params)).json()

    def _paged(self, path: str, key: str, parse: Callable[[Dict], T], params: Dict[str, Any]) -> Results[T]:
        def pages() -> Iterator[List[T]]:
            after = None
            while True:
                page = self._get(path, **params, after=after)
                yield [parse(item) for item in page[key]]
                after = page.get("next_after")
                if after is None:
                    return

        return Results(pages)

    # Writing

    def append(
        self,
        events: Optional[Iterable[Dict[str, Any]]] = None,
        *,
        subject: Optional[str] = None,
        predicate: Optional[str] = None,
        object: Any = None,
        source: Optional[str] = None,
        deny: bool = False,
        at: Optional[TimeLike] = None,
        confidence: Optional[float] = None,
        quote: Optional[str] = None,
        citation: Optional[str] = None,
        note: Optional[str] = None,
        via: Optional[List[str]] = None,
        basis: Optional[str] = None,
        id: Optional[str] = None,
        expected_head: Optional[int] = None,
    ) -> AppendResult:
        """Appends a batch of events (dicts, as in the API), or one claim given by its fields as
        `ledgerctl append` takes them. All or nothing; an id already stored with the same content is a
        duplicate, not an error."""
        if events is None:
            if None in (subject, predicate, source) or object is None:
                raise ValueError("append needs events, or subject, predicate, object and source")
            event: Dict[str, Any] = {
                "type": "assert",
                "subject": subject,
                "predicate": predicate,
                "object": object,
                "source": source,
            }
            if deny:
                event["polarity"] = "deny"
            if at is not None:
                event["effective_at"] = format_time(at)
            if confidence is not None:
                event["confidence"] = confidence
            if via is not None:
                event["via"] = list(via)
            if basis is not None:
                event["basis"] = basis
            evidence = {k: v for k, v in (("quote", quote), ("citation", citation), ("note", note)) if v is not None}
            if evidence:
                event["evidence"] = evidence
            if id is not None:
                event["id"] = id
            events = [event]
        else:
            events = [
                {k: (format_time(v) if k == "effective_at" and not isinstance(v, str) else v) for k, v in e.items()}
                for e in events
            ]
        body: Dict[str, Any] = {"events": list(events)}
        if expected_head is not None:
            body["expected_head"] = expected_head
        return AppendResult.from_json(self._request("POST", "/v1/events", body=body).json())

    def retract(self, id: str, reason: str, at: Optional[TimeLike] = None) -> AppendResult:
        """Withdraws a claim (from valid time `at`, default when it was made)."""
        event: Dict[str, Any] = {"type": "retract", "target": id, "reason": reason}
        if at is not None:
            event["effective_at"] = format_time(at)
        return self.append([event])

    def grade(
        self,
        name: str,
        letter: str,
        by: str,
        reason: Optional[str] = None,
        at: Optional[TimeLike] = None,
        id: Optional[str] = None,
    ) -> AppendResult:
        """Grades a source's reliability (A–F), as the grader `by`: a claim about `source:NAME`."""
        return self.append(
            subject="source:" + name, predicate="reliability", object=letter, source=by, note=reason, at=at, id=id
        )

    def part_of(
        self, name: str, body: str, by: str, at: Optional[TimeLike] = None, id: Optional[str] = None
    ) -> AppendResult:
        """Records, as `by`, that the source `name` belongs to or speaks for `body`."""
        return self.append(subject="source:" + name, predicate="part_of", object=body, source=by, at=at, id=id)

    def source(self, name: str, at: Optional[TimeLike] = None, as_of: Optional[TimeLike] = None) -> SourceSummary:
        """What is held about a source: its effective reliability and its ancestors through part_of."""
        return SourceSummary.from_json(self._get("/v1/source", name=name, at=at, as_of=as_of))

    def erase(self, id: str, reason: str) -> AppendResult:
        """Erases a claim's evidence (its quote); the claim, its hash and its place in the log stay."""
        return self.append([{"type": "erase", "target": id, "reason": reason}])

    # Reading

    def belief(
        self,
        subject: str,
        predicate: Optional[str] = None,
        at: Optional[TimeLike] = None,
        as_of: Optional[TimeLike] = None,
    ) -> Belief:
        """What is believed about `subject` (or one predicate) at valid time `at`, as recorded by `as_of`."""
        return Belief.from_json(self._get("/v1/belief", subject=subject, predicate=predicate, at=at, as_of=as_of))

    def history(
        self,
        subject: str,
        valid_from: Optional[TimeLike] = None,
        valid_to: Optional[TimeLike] = None,
        recorded_from: Optional[TimeLike] = None,
        recorded_to: Optional[TimeLike] = None,
    ) -> Results[HistoryEntry]:
        """The subject's events in seq order, each with the belief change it caused."""
        params = dict(
            subject=subject,
            valid_from=valid_from,
            valid_to=valid_to,
            recorded_from=recorded_from,
            recorded_to=recorded_to,
        )
        return Results(
            lambda: iter([[HistoryEntry.from_json(e) for e in self._get("/v1/history", **params)["events"]]])
        )

    def claims(self, source: str, page_size: Optional[int] = None) -> Results[Claim]:
        """Every claim one source made, across subjects."""
        return self._paged("/v1/claims", "claims", Claim.from_json, {"source": source, "limit": page_size})

    def subjects(self, prefix: Optional[str] = None, page_size: Optional[int] = None) -> Results[SubjectSummary]:
        """Subjects in byte order, with their event counts."""
        return self._paged("/v1/subjects", "subjects", SubjectSummary.from_json, {"prefix": prefix, "limit": page_size})

    def contested(
        self, at: Optional[TimeLike] = None, as_of: Optional[TimeLike] = None, page_size: Optional[int] = None
    ) -> Results[ContestedPredicate]:
        """Every contested (subject, predicate)."""
        return self._paged(
            "/v1/contested", "contested", ContestedPredicate.from_json, {"at": at, "as_of": as_of, "limit": page_size}
        )

    def replay(
        self,
        from_seq: int = 1,
        to_seq: Optional[int] = None,
        subject: Optional[str] = None,
        follow: bool = False,
    ) -> Iterator[Event]:
        """The stored events in seq order; with `follow`, then each new one as it commits, until you stop
        iterating. A follow outlives the daemon as `ledgerctl tail` does: when it stops or dies, the
        client reconnects and resumes after the last event it gave, never giving one twice. Without
        `follow`, a replay cut short raises UnreachableError rather than ending as if it were whole."""
        next_seq = max(from_seq, 1)
        backoff = 0.1
        while to_seq is None or next_seq <= to_seq:
            try:
                for event in self._replay_once(next_seq, to_seq, subject, follow):
                    if event.seq < next_seq:
                        continue
                    next_seq = event.seq + 1
                    backoff = 0.1
                    yield event
                if not follow:
                    return
                # The stream ended whole: the daemon is stopping. Wait for it to come back.
            except UnreachableError:
                if not follow:
                    raise
            time.sleep(backoff)
            backoff = min(backoff * 2, 5.0)

    def _replay_once(
        self, from_seq: int, to_seq: Optional[int], subject: Optional[str], follow: bool
    ) -> Iterator[Event]:
        params = _query(**{"from": from_seq, "to": to_seq, "subject": subject, "follow": follow or None})
        timeout = None if follow else DEFAULT_TIMEOUT
        response = self._request("GET", "/v1/events", params=params, stream=True, timeout=timeout)
        try:
            for line in response.iter_lines():
                if line:
                    yield Event.from_json(json.loads(line))
        except TransportFailure as error:
            raise UnreachableError(
                "incomplete",
                f"The replay from ledgerd at {self.where} was cut before its end ({error}); "
                f"the events after seq {from_seq - 1} that came are whole, the rest did not come. "
                "Replay again from there.",
            ) from None
        finally:
            response.close()

    def show(self, id: str) -> Event:
        """One event by its id."""
        return Event.from_json(self._request("GET", "/v1/events/" + quote(id, safe="")).json())

    def status(self) -> Status:
        """The daemon's state: head, root hash, verifier key, version and more."""
        return Status.from_json(self._get("/v1/status"))

    def receipt(
        self,
        subject: str,
        predicate: Optional[str] = None,
        at: Optional[TimeLike] = None,
        as_of: Optional[TimeLike] = None,
    ) -> Receipt:
        """A belief receipt: give it to `verify_receipt`, or `save` it for a reader to check offline."""
        return Receipt.from_json(self._get("/v1/receipt", subject=subject, predicate=predicate, at=at, as_of=as_of))

    def checkpoint(self) -> str:
        """The current tree head as a signed checkpoint (C2SP signed note)."""
        return self._request("GET", "/v1/audit/checkpoint").text
