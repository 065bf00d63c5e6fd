import Dispatch
import Foundation
import LedgerClient
import LedgerKit
import Synchronization

/// The newest events for every open contested page: one follow of the ledger's replay for the whole
/// desk (started by the first page that listens), fanned out to each page's stream. The last
/// ``kept`` events are kept, so a page that subscribes a moment after it rendered misses none.
final class LiveFeed: Sendable {
    /// One event, as the page's script reads it: `{"id","seq","summary"}`.
    struct Item: Sendable {
        let seq: UInt64
        let json: String
    }

    private struct State {
        var recent: [Item] = []
        var listeners: [Int: AsyncStream<Item>.Continuation] = [:]
        var nextListener = 0
        var following = false
    }

    static let kept = 200
    private let state = Mutex(State())
    private let client: LedgerClient

    init(client: LedgerClient) {
        self.client = client
    }

    /// The events after `after`: those kept, then each new one as the ledger commits it.
    func listen(after: UInt64) -> AsyncStream<Item> {
        let (stream, continuation) = AsyncStream.makeStream(of: Item.self, bufferingPolicy: .bufferingNewest(Self.kept))
        let startsFollowing = state.withLock { state -> Bool in
            for item in state.recent where item.seq > after { continuation.yield(item) }
            let listener = state.nextListener
            state.nextListener += 1
            continuation.onTermination = { [weak self] _ in
                _ = self?.state.withLock { $0.listeners.removeValue(forKey: listener) }
            }
            state.listeners[listener] = continuation
            defer { state.following = true }
            return !state.following
        }
        if startsFollowing { follow(from: after + 1) }
        return stream
    }

    private func publish(_ item: Item) {
        state.withLock { state in
            state.recent.append(item)
            if state.recent.count > Self.kept { state.recent.removeFirst(state.recent.count - Self.kept) }
            for listener in state.listeners.values { listener.yield(item) }
        }
    }

    /// Follows the replay on a Dispatch thread of its own (the client blocks), resuming after the last
    /// event seen whenever the daemon restarts or the connection breaks.
    private func follow(from first: UInt64) {
        let client = client
        DispatchQueue(label: "ledger-desk.live-feed").async { [self] in
            var next = first
            while true {
                do {
                    try client.replay(from: next, follow: true) { line in
                        guard let event = try? EventDecoder.storedEvent(from: line) else { return }
                        next = event.seq + 1
                        publish(Self.item(event))
                    }
                } catch {}
                Thread.sleep(forTimeInterval: 1)
            }
        }
    }

    static func item(_ event: Event) -> Item {
        let json: JSONValue = .object([
            "id": .string(event.id), "seq": .number(Double(event.seq)), "summary": .string(EventSummary.sentence(event)),
        ])
        return Item(seq: event.seq, json: CanonicalJSON.string(json))
    }
}
