import Foundation
import Testing

@Suite("Hostile and slow clients", .serialized)
struct HostileClientTests {
    static func residentKiB(of pid: Int32) -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    func timedAppends(_ daemon: TestDaemon, count: Int, prefix: String) throws -> TimeInterval {
        let start = Date()
        for n in 0..<count {
            let response = try UnixHTTP.request(
                socket: daemon.socket, "POST /v1/events",
                body: Array(
                    #"{"events":[{"type":"assert","id":"\#(prefix)-\#(n)","subject":"s","predicate":"p","object":1,"source":"x"}]}"#
                        .utf8))
            #expect(response.status == 200)
        }
        return Date().timeIntervalSince(start)
    }

    @Test func manyIdleConnectionsDoNotStopOthers() throws {
        let daemon = try TestDaemon()
        let idle = try (0..<200).map { _ in try UnixHTTP.Connection(path: daemon.socket) }
        #expect(try timedAppends(daemon, count: 20, prefix: "busy") < 5)
        #expect(try daemon.ctl("status").status == 0)
        withExtendedLifetime(idle) {}
    }

    @Test func slowSendersDoNotStopOthers() throws {
        let daemon = try TestDaemon()
        let socket = daemon.socket
        // Connected here, so that a sender that cannot connect fails the test instead of measuring nothing.
        let connections = try (0..<5).map { _ in try UnixHTTP.Connection(path: socket) }
        let senders = connections.map { connection in
            Thread {
                for byte in Array("POST /v1/events HTTP/1.1\r\nHost: ledger\r\nX-Slow: ".utf8)
                    + Array(repeating: UInt8(ascii: "z"), count: 30)
                {
                    try? connection.send([byte])
                    Thread.sleep(forTimeInterval: 0.05)
                }
            }
        }
        for sender in senders { sender.start() }
        Thread.sleep(forTimeInterval: 0.2)
        #expect(try timedAppends(daemon, count: 50, prefix: "while-slow") < 5)
    }

    @Test func aSlowReplayReaderNeitherBlocksTheWriterNorGrowsMemory() throws {
        let daemon = try TestDaemon()
        let note = String(repeating: "n", count: 500)
        for batch in 0..<40 {
            let events = (0..<1_000).map {
                #"{"type":"assert","subject":"s\#($0 % 50)","predicate":"p","object":\#($0),"source":"x","evidence":{"note":"\#(note)"}}"#
            }
            #expect(
                try UnixHTTP.request(
                    socket: daemon.socket, "POST /v1/events", body: Array(#"{"events":[\#(events.joined(separator: ","))]}"#.utf8)
                ).status == 200, "batch \(batch)")
        }
        let pid = daemon.process!.processIdentifier
        let before = Self.residentKiB(of: pid)
        // Ask for 40,000 events (about 30 MB) and read almost none of them.
        let reader = try UnixHTTP.Connection(path: daemon.socket)
        try reader.send(Array("GET /v1/events HTTP/1.1\r\nHost: ledger\r\n\r\n".utf8))
        Thread.sleep(forTimeInterval: 1)
        #expect(try timedAppends(daemon, count: 50, prefix: "while-reading") < 5)
        let during = Self.residentKiB(of: pid)
        print("ledgerd resident memory: \(before) KiB before the slow replay, \(during) KiB during it")
        #expect(during - before < 20_000, "resident memory grew from \(before) KiB to \(during) KiB")
        withExtendedLifetime(reader) {}
    }
}
