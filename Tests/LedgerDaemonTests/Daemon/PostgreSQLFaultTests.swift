import Foundation
import LedgerTestSupport
import Synchronization
import Testing

/// PostgreSQL killed under load, again and again: every append answers 200 or the documented 503
/// `storage_unavailable`, never 500; appends resume within seconds of the server's return, not after a
/// query's whole time bound; and nothing acknowledged is lost.
@Suite("PostgreSQL faults under load", .serialized)
struct PostgreSQLFaultTests {
    /// One answered append: when it was sent and answered, and how.
    struct Answer: Sendable {
        var sent: Date
        var answered: Date
        var status: Int
        var id: String
        var code: String?
    }

    @Test func killingPostgreSQLMidAppendGives503sAndAppendsResumePromptly() throws {
        let server = try PostgreSQLServer.start(durable: false)
        defer { try? server.stop() }
        let url = try server.createDatabase()
        let node = try SharedLogNodeTests.node(url)
        let answers = Mutex<[Answer]>([])
        let stop = Atomic<Bool>(false)
        let socket = node.socket
        let writers = (0..<3).map { writer in
            Thread {
                var n = 0
                while !stop.load(ordering: .relaxed) {
                    let id = "w\(writer)-\(n)"
                    let sent = Date()
                    let answer = try? UnixHTTP.request(
                        socket: socket, "POST /v1/events",
                        body: SharedLogNodeTests.claim(id, subject: "s\(n % 5)", object: n, source: "x"))
                    answers.withLock {
                        $0.append(
                            Answer(sent: sent, answered: Date(), status: answer?.status ?? 0, id: id, code: answer?.errorCode))
                    }
                    n += 1
                }
            }
        }
        for writer in writers { writer.start() }
        var returns: [Date] = []
        for _ in 0..<4 {
            Thread.sleep(forTimeInterval: 0.8)
            try server.killPostmaster()
            Thread.sleep(forTimeInterval: 1.0)
            try server.start()
            returns.append(Date())
        }
        Thread.sleep(forTimeInterval: 6)
        stop.store(true, ordering: .relaxed)
        while writers.contains(where: { !$0.isFinished }) { Thread.sleep(forTimeInterval: 0.05) }

        let all = answers.withLock { $0 }
        let statuses = Set(all.map(\.status))
        #expect(
            statuses.isSubset(of: [200, 503]),
            "statuses \(statuses): \(all.filter { $0.status != 200 && $0.status != 503 }.prefix(3))")
        #expect(Set(all.filter { $0.status == 503 }.map(\.code)) == ["storage_unavailable"])
        for (round, back) in returns.enumerated() {
            let next = returns.indices.contains(round + 1) ? returns[round + 1] : .distantFuture
            let firstSuccess = all.filter { $0.status == 200 && $0.answered > back && $0.answered < next }.map(\.answered).min()
            let delay = firstSuccess.map { $0.timeIntervalSince(back) }
            #expect(
                delay.map { $0 < 5 } == true,
                "round \(round): appends resumed \(delay.map { "\($0) s" } ?? "never") after the server returned")
        }
        // Nothing acknowledged is lost, and the log is whole.
        let stored = Set(
            try node.ctl("replay").standardOutput.split(separator: "\n").compactMap { line -> String? in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["id"] as? String
            })
        let acknowledged = all.filter { $0.status == 200 }.map(\.id)
        #expect(!acknowledged.isEmpty)
        #expect(Set(acknowledged).isSubset(of: stored))
        #expect(try node.ctl("audit", "verify").status == 0)
    }
}
