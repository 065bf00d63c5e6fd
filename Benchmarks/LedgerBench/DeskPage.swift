import Foundation
import LedgerClient
import LedgerKit

/// The desk's row: a subject with 100 claims from 20 sources, its page rendered by the built
/// `ledger-desk` against this run's ledgerd, fetched over a kept-alive loopback TCP connection with the
/// session the printed link gave (the time a browser waits for the HTML).
enum DeskPage {
    static func row(client: LedgerClient, socket: String, queries: Int) throws -> Row {
        let subject = "desk:hundred-claims"
        let events = (0..<100).map { n -> JSONValue in
            .object([
                "type": "assert", "id": .string("desk-\(n)"), "subject": .string(subject),
                "predicate": .string(["perpetrator", "killed", "wounded", "target"][n % 4]),
                "object": .number(Double(n % 7)), "source": .string("desk source \(n % 20)"),
                "effective_at": .string("2015-12-\(String(format: "%02d", 1 + n % 28))T10:00:00Z"),
                "evidence": .object(["quote": .string("Quote number \(n), as the source said it.")]),
            ])
        }
        _ = try client.append(AppendRequest(events: events))
        let desk = Process()
        desk.executableURL = sibling("ledger-desk")
        desk.arguments = ["--socket", socket]
        let output = Pipe()
        desk.standardOutput = output
        try desk.run()
        defer {
            desk.terminate()
            desk.waitUntilExit()
        }
        var printed = Data()
        while !String(decoding: printed, as: UTF8.self).contains("token=") {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw BenchError("ledger-desk ended before printing its link") }
            printed += chunk
        }
        let text = String(decoding: printed, as: UTF8.self)
        guard let range = text.range(of: #"http://127\.0\.0\.1:(\d+)/\?token=[0-9a-f]+"#, options: .regularExpression) else {
            throw BenchError("ledger-desk printed no link: \(text)")
        }
        let link = String(text[range])
        let port = UInt16(link.split(separator: ":")[2].split(separator: "/")[0])!
        let connection = try LoopbackHTTP(port: port)
        let signIn = try connection.get(String(link.dropFirst("http://127.0.0.1:\(port)".count)), cookie: nil)
        guard let cookie = signIn.setCookie?.split(separator: ";").first.map(String.init) else {
            throw BenchError("the desk's link gave no session cookie")
        }
        let path = "/subject?name=desk%3Ahundred-claims"
        var latencies = Latencies()
        var bytes = 0
        for _ in 0..<max(20, queries / 50) {
            let answer = try timed(&latencies) { try connection.get(path, cookie: cookie) }
            guard answer.status == 200 else { throw BenchError("the desk answered \(answer.status) for the subject's page") }
            bytes = answer.bodyBytes
        }
        return Row(
            workload: "desk: the page of a subject with 100 claims", ledger: "\(latencies.text), \(bytes / 1024) KiB of HTML",
            target: "p50 < 20 ms", met: latencies.p50 < 0.020)
    }
}

/// A minimal HTTP/1.1 client on one kept-alive loopback TCP connection: GET, the status, `Set-Cookie`
/// and the body's length (Content-Length only, as the desk answers pages).
final class LoopbackHTTP {
    struct Answer {
        var status: Int
        var setCookie: String?
        var bodyBytes: Int
    }

    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private let port: UInt16

    init(port: UInt16) throws {
        self.port = port
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw BenchError("cannot connect to the desk on port \(port)") }
        var one: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { close(descriptor) }

    func get(_ path: String, cookie: String?) throws -> Answer {
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
        if let cookie { request += "Cookie: \(cookie)\r\n" }
        request += "\r\n"
        let bytes = Array(request.utf8)
        guard write(descriptor, bytes, bytes.count) == bytes.count else { throw BenchError("cannot write to the desk") }
        let headEnd = try readUntil([13, 10, 13, 10])
        let head = String(decoding: buffer[..<headEnd], as: UTF8.self)
        buffer.removeFirst(headEnd + 4)
        let lines = head.split(separator: "\r\n")
        let status = Int(lines.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
        func field(_ name: String) -> String? {
            lines.dropFirst().first { $0.lowercased().hasPrefix(name + ":") }.map {
                String($0.dropFirst(name.count + 1).drop { $0 == " " })
            }
        }
        let length = Int(field("content-length") ?? "0") ?? 0
        while buffer.count < length { try fill() }
        buffer.removeFirst(length)
        return Answer(status: status, setCookie: field("set-cookie"), bodyBytes: length)
    }

    private func readUntil(_ marker: [UInt8]) throws -> Int {
        while true {
            if buffer.count >= marker.count {
                for start in 0...(buffer.count - marker.count) where buffer[start..<start + marker.count].elementsEqual(marker) {
                    return start
                }
            }
            try fill()
        }
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = read(descriptor, &chunk, chunk.count)
        guard count > 0 else { throw BenchError("the desk closed the connection") }
        buffer += chunk[..<count]
    }
}

/// A workload that could not run, with the sentence saying why.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
