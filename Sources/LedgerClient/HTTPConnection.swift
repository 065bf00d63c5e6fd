import LedgerKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One HTTP/1.1 connection to ledgerd, kept alive between requests: blocking reads and writes on file
/// descriptors (a Unix socket, or the two pipes of an `ssh … ledgerctl dial-stdio`), each wait bounded
/// by a timeout. Lean on purpose: a request costs its system calls, no event loop and no thread hop.
///
/// Not thread-safe: one request at a time; ``LedgerClient`` keeps a pool of them.
final class HTTPConnection {
    /// What was answered.
    struct Response {
        var status: Int
        var body: [UInt8]
    }

    private let input: Int32
    private let output: Int32
    /// Closes the descriptors (and, for a pipe to a child, ends it).
    private let onClose: () -> Void
    private var buffer: [UInt8] = []
    private var start = 0
    private var scratch = [UInt8](repeating: 0, count: 65_536)
    /// False once the peer closed or answered `Connection: close`: the connection is not reused.
    private(set) var isReusable = true
    /// Where it goes, for messages.
    let name: String

    /// Why the peer closed before answering, when the transport can tell (ssh's own message).
    private let explainClose: (() -> String)?

    init(input: Int32, output: Int32, name: String, explainClose: (() -> String)? = nil, onClose: @escaping () -> Void) {
        self.input = input
        self.output = output
        self.name = name
        self.explainClose = explainClose
        self.onClose = onClose
        buffer.reserveCapacity(65_536)
    }

    deinit { onClose() }

    /// Connects to the Unix socket at `path`.
    ///
    /// - Throws: ``LedgerClientError`` (unreachable) with the system's reason.
    static func unixSocket(_ path: String) throws -> HTTPConnection {
        let descriptor = try UnixSocket.connect(path)
        return HTTPConnection(input: descriptor, output: descriptor, name: path) { close(descriptor) }
    }

    /// Whether an idle connection is still open: a closed one reads as end of file, or errs.
    var looksAlive: Bool {
        guard isReusable, start == buffer.count else { return false }
        var poll = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
        return Glibc.poll(&poll, 1, 0) == 0
    }

    // MARK: Requests

    /// Sends one request and reads the whole answer.
    func request(
        _ method: String, _ target: String, body: [UInt8]? = nil, contentType: String? = nil, timeout: Duration
    ) throws -> Response {
        var status = 0
        var collected: [UInt8] = []
        try request(method, target, body: body, contentType: contentType, timeout: timeout, bodyTimeout: timeout) { code in
            status = code
        } onBody: { chunk in
            collected.append(contentsOf: chunk)
        }
        return Response(status: status, body: collected)
    }

    /// Sends one request and streams the answer's body to `onBody` as it arrives, after `onStatus`.
    ///
    /// `timeout` bounds each wait for the daemon until the answer's head has come; `bodyTimeout` bounds
    /// the waits inside the body (`nil`: none, for a live tail that may be quiet for hours).
    func request(
        _ method: String, _ target: String, body: [UInt8]? = nil, contentType: String? = nil, timeout: Duration,
        bodyTimeout: Duration?, onStatus: (Int) throws -> Void, onBody: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: ledger\r\n"
        if let body {
            if let contentType { head += "Content-Type: \(contentType)\r\n" }
            head += "Content-Length: \(body.count)\r\n"
        }
        head += "\r\n"
        try send(Array(head.utf8), timeout: timeout)
        if let body, !body.isEmpty { try send(body, timeout: timeout) }
        let (status, framing) = try readHead(timeout: timeout)
        try onStatus(status)
        let waits = bodyTimeout
        switch framing {
        case .length(let length): try readBody(length: length, timeout: waits, onBody)
        case .chunked: try readChunks(timeout: waits, onBody)
        case .untilClose: try readUntilClose(timeout: waits, onBody)
        }
    }

    // MARK: Writing

    private func send(_ bytes: [UInt8], timeout: Duration) throws {
        var offset = 0
        while offset < bytes.count {
            try wait(for: Int16(POLLOUT), on: output, timeout: timeout, doing: "take the request")
            let sent = bytes.withUnsafeBytes { buffer in
                input == output
                    ? Glibc.send(output, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
                    : Glibc.write(output, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if sent < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                isReusable = false
                throw LedgerClientError.unreachable(
                    name, "the connection broke while sending: \(String(cString: strerror(errno)))")
            }
            offset += sent
        }
    }

    // MARK: Reading

    private enum Framing {
        case length(Int)
        case chunked
        case untilClose
    }

    /// Reads the status line and headers.
    private func readHead(timeout: Duration) throws -> (Int, Framing) {
        var end: Int?
        var scanned = 0  // bytes after `start` already searched (the buffer may move when it fills)
        while end == nil {
            if let found = find([13, 10, 13, 10], from: start + max(0, scanned - 3)) {
                end = found
                break
            }
            scanned = buffer.count - start
            guard scanned < 64 * 1024 else {
                isReusable = false
                throw LedgerClientError(kind: .invalidResponse, message: "ledgerd at \(name) answered with headers over 64 KiB.")
            }
            guard try fill(timeout: timeout) else {
                isReusable = false
                if let explainClose { throw LedgerClientError(kind: .unreachable, message: explainClose()) }
                throw LedgerClientError.unreachable(name, "the connection closed before an answer came")
            }
        }
        let head = String(decoding: buffer[start..<end!], as: UTF8.self)
        start = end! + 4
        let lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusParts = lines.first?.split(separator: " ") ?? []
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/1."), let status = Int(statusParts[1]) else {
            throw LedgerClientError(
                kind: .invalidResponse, message: "ledgerd at \(name) answered with something that is not HTTP.")
        }
        var length: Int?
        var isChunked = false
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingSpaces()
            switch name {
            case "content-length": length = Int(value)
            case "transfer-encoding": isChunked = value.lowercased().contains("chunked")
            case "connection": if value.lowercased() == "close" { isReusable = false }
            default: break
            }
        }
        if (100..<200).contains(status) { return try readHead(timeout: timeout) }  // 100 Continue and the like
        if isChunked { return (status, .chunked) }
        if let length { return (status, .length(length)) }
        isReusable = false
        return (status, .untilClose)
    }

    private func readBody(length: Int, timeout: Duration?, _ onBody: (UnsafeRawBufferPointer) throws -> Void) throws {
        var remaining = length
        while remaining > 0 {
            if start == buffer.count {
                guard try fill(timeout: timeout) else {
                    isReusable = false
                    throw LedgerClientError.unreachable(name, "the connection closed in the middle of an answer")
                }
            }
            let take = min(remaining, buffer.count - start)
            try buffer.withUnsafeBytes { try onBody(UnsafeRawBufferPointer(rebasing: $0[start..<start + take])) }
            start += take
            remaining -= take
        }
    }

    private func readChunks(timeout: Duration?, _ onBody: (UnsafeRawBufferPointer) throws -> Void) throws {
        while true {
            let line = try readLine(timeout: timeout)
            let sizeText = line.split(separator: ";").first.map(String.init) ?? ""
            guard let size = Int(sizeText.trimmingSpaces(), radix: 16) else {
                throw LedgerClientError(kind: .invalidResponse, message: "ledgerd at \(name) sent a chunk size that is not hex.")
            }
            if size == 0 {
                while try !readLine(timeout: timeout).isEmpty {}  // trailers, then the empty line
                return
            }
            try readBody(length: size, timeout: timeout, onBody)
            _ = try readLine(timeout: timeout)
        }
    }

    private func readUntilClose(timeout: Duration?, _ onBody: (UnsafeRawBufferPointer) throws -> Void) throws {
        while true {
            if start < buffer.count {
                try buffer.withUnsafeBytes { try onBody(UnsafeRawBufferPointer(rebasing: $0[start...])) }
                start = buffer.count
            }
            guard try fill(timeout: timeout) else { return }
        }
    }

    private func readLine(timeout: Duration?) throws -> String {
        while true {
            if let end = find([13, 10], from: start) {
                let line = String(decoding: buffer[start..<end], as: UTF8.self)
                start = end + 2
                return line
            }
            guard try fill(timeout: timeout) else {
                isReusable = false
                throw LedgerClientError.unreachable(name, "the connection closed in the middle of an answer")
            }
        }
    }

    private func find(_ needle: [UInt8], from: Int) -> Int? {
        guard buffer.count - from >= needle.count else { return nil }
        var index = from
        while index + needle.count <= buffer.count {
            if buffer[index] == needle[0] && buffer[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    /// Reads what is there into the buffer; false at end of file.
    private func fill(timeout: Duration?) throws -> Bool {
        if start > 0 && start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 32 * 1024 {
            buffer.removeFirst(start)
            start = 0
        }
        while true {
            if let timeout { try wait(for: Int16(POLLIN), on: input, timeout: timeout, doing: "answer") }
            let count = scratch.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                isReusable = false
                throw LedgerClientError.unreachable(name, "the connection broke: \(String(cString: strerror(errno)))")
            }
            if count == 0 {
                isReusable = false
                return false
            }
            buffer.append(contentsOf: scratch[..<count])
            return true
        }
    }

    /// Waits until `descriptor` is ready for `events`, at most `timeout`.
    private func wait(for events: Int16, on descriptor: Int32, timeout: Duration, doing what: String) throws {
        let milliseconds = Int32(
            clamping: timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        var poll = pollfd(fd: descriptor, events: events, revents: 0)
        while true {
            let ready = Glibc.poll(&poll, 1, max(milliseconds, 1))
            if ready > 0 { return }
            if ready < 0 && errno == EINTR { continue }
            isReusable = false
            let seconds = Double(milliseconds) / 1000
            let text = seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
            throw LedgerClientError(
                kind: .unreachable,
                message: "ledgerd at \(name) took the connection but did not \(what) within \(text) s; it may be stuck or "
                    + "overloaded. Check its log, or give more time with --timeout.")
        }
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
