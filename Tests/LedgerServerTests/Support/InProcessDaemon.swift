import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LedgerKit
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle
import Testing

@testable import LedgerServer

/// ledgerd's router, writer and feed over an embedded ledger in a temporary directory, answering
/// in-process (HummingbirdTesting's router framework): no socket, and the caller is whoever the test
/// says, as the kernel would have said.
struct InProcessDaemon: Sendable {
    /// The uid the daemon "runs as": that caller may do everything.
    static let daemonUID: UInt32 = 4242

    let client: any TestClientProtocol
    let ledger: Ledger
    let feed: CommitFeed
    let directory: String
    /// Stops the writer as a graceful shutdown does (after it has committed what is pending).
    let stopWriter: @Sendable () async throws -> Void

    /// Runs `body` while the writer, the feed and the ledger run, then stops them in the daemon's order.
    static func run<Value: Sendable>(
        _ configuration: DaemonConfiguration = .configured(), _ body: @Sendable (InProcessDaemon) async throws -> Value
    ) async throws -> Value {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-routes-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = configuration
        configuration.dataDirectory = directory
        configuration.socketPath = directory + "/not-bound.sock"
        var logger = Logger(label: "ledger.routes-test")
        logger.logLevel = .critical

        let ledger = try await Ledger.open(
            directory: directory, configuration: configuration.ledgerConfiguration, logger: logger)
        let signer = try CheckpointKey.loadOrCreate(in: directory, name: configuration.origin)
        let metrics = LedgerMetrics()
        let feed = CommitFeed(head: try ledger.head())
        let writer = EventWriter(ledger: ledger, feed: feed, metrics: metrics, logger: logger)
        let parts = LedgerApplicationParts(
            ledger: ledger, writer: writer, feed: feed, follower: nil, metrics: metrics, signer: signer)
        let router = buildRouter(
            configuration: configuration, parts: parts, metricsRegistry: PrometheusCollectorRegistry(), logger: logger,
            daemonUID: daemonUID)

        // Two groups, so a test can stop the writer alone; the ledger closes after it, as in ledgerd.
        let writing = ServiceGroup(services: [writer, feed], logger: logger)
        let holding = ServiceGroup(services: [LedgerService(ledger: ledger)], logger: logger)
        let writingRun = Task { try await writing.run() }
        let holdingRun = Task { try await holding.run() }
        let stop: @Sendable () async throws -> Void = {
            await writing.triggerGracefulShutdown()
            try await writingRun.value
        }
        func stopAll() async throws {
            try await stop()
            await holding.triggerGracefulShutdown()
            try await holdingRun.value
        }
        let application = Application(router: router, logger: logger)
        do {
            let value = try await application.test(.router) { client in
                try await body(
                    InProcessDaemon(client: client, ledger: ledger, feed: feed, directory: directory, stopWriter: stop))
            }
            try await stopAll()
            return value
        } catch {
            try? await stopAll()
            throw error
        }
    }

    /// `method path` with `body`, from `caller` (`nil`: a transport that gave no credentials).
    func request(
        _ method: HTTPRequest.Method, _ path: String, as caller: PeerIdentity? = Caller.desk, body: String? = nil,
        headers: HTTPFields = [:]
    ) async throws -> Answer {
        let response = try await PeerIdentity.$current.withValue(caller) {
            try await client.execute(
                uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        }
        return Answer(status: response.status.code, headers: response.headers, body: Array(response.body.readableBytesView))
    }

    /// Appends `events` (JSON objects, comma-separated) as `caller`; stops the test unless it is a 200.
    @discardableResult
    func append(_ events: String, as caller: PeerIdentity = Caller.daemon) async throws -> Answer {
        let answer = try await request(.post, "/v1/events", as: caller, body: #"{"events":[\#(events)]}"#)
        try #require(answer.status == 200, "\(answer.text)")
        return answer
    }
}

/// A response as a test reads it.
struct Answer: Sendable {
    var status: Int
    var headers: HTTPFields
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The `{"error":{…}}` body, if the answer is one.
    var error: APIErrorBody.Detail? { try? JSONDecoder().decode(APIErrorBody.self, from: Data(body)).error }
}

/// The callers the tests speak as.
enum Caller {
    static let daemon = PeerIdentity(
        pid: 100, uid: InProcessDaemon.daemonUID, gid: 4242, userName: "ledger", groupNames: ["ledger"])
    static let desk = PeerIdentity(pid: 101, uid: 2001, gid: 2001, userName: "dana", groupNames: ["dana", "desk"])
    static let reader = PeerIdentity(pid: 102, uid: 2002, gid: 2002, userName: "rita", groupNames: ["rita", "readers"])
    static let stranger = PeerIdentity(pid: 103, uid: 3003, gid: 3003, userName: "sam", groupNames: ["sam"])
}

extension DaemonConfiguration {
    /// The tests' configuration: group `readers` may read and group `desk` append; `change` says the rest.
    static func configured(_ change: (inout DaemonConfiguration) -> Void = { _ in }) -> DaemonConfiguration {
        var configuration = DaemonConfiguration()
        configuration.origin = "routes.test/ledger"
        configuration.access.readGroups = ["readers"]
        configuration.access.appendGroups = ["desk"]
        change(&configuration)
        return configuration
    }
}
