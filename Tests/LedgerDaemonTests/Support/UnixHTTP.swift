import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A deliberately raw HTTP/1.1 client over a Unix socket, so tests can send exactly the bytes they
/// mean, including broken ones.
enum UnixHTTP {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }

        /// The `error.code` of an API error body.
        var errorCode: String? {
            ((try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any])
                .flatMap { $0["error"] as? [String: Any] }?["code"] as? String
        }

        var errorField: String? {
            ((try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any])
                .flatMap { $0["error"] as? [String: Any] }?["field"] as? String
        }
    }

    /// Sends `requestLine` with `body` and `Connection: close`, and reads the whole answer.
    static func request(
        socket path: String, _ requestLine: String, body: [UInt8] = [], headers: [String: String] = [:]
    ) throws -> Response {
        var head = "\(requestLine) HTTP/1.1\r\nHost: ledger\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || requestLine.hasPrefix("POST") { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        let connection = try Connection(path: path)
        try connection.send(Array(head.utf8) + body)
        return try parse(connection.readToEnd())
    }

    static func parse(_ bytes: [UInt8]) throws -> Response {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let end = bytes.firstRange(of: separator) else {
            throw TestDaemonError("No HTTP response head in \(bytes.count) bytes: \(String(decoding: bytes, as: UTF8.self))")
        }
        let lines = String(decoding: bytes[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let status = Int(lines[0].split(separator: " ")[1]) ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Array(bytes[end.upperBound...])
        if headers["transfer-encoding"] == "chunked" { body = dechunk(body) }
        return Response(status: status, headers: headers, body: body)
    }

    private static func dechunk(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard let lineEnd = bytes[index...].firstRange(of: Array("\r\n".utf8)) else { break }
            let size = Int(String(decoding: bytes[index..<lineEnd.lowerBound], as: UTF8.self), radix: 16) ?? 0
            if size == 0 { break }
            output += bytes[lineEnd.upperBound..<min(lineEnd.upperBound + size, bytes.count)]
            index = lineEnd.upperBound + size + 2
        }
        return output
    }

    /// One connected Unix stream socket with a receive timeout.
    ///
    /// `@unchecked Sendable`: a test may hand a connection to the one thread that uses it; nothing
    /// else touches it meanwhile.
    final class Connection: @unchecked Sendable {
        let descriptor: Int32

        init(path: String, timeoutSeconds: Int = 30) throws {
            descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { buffer in
                for (offset, byte) in path.utf8.enumerated() { buffer[offset] = byte }
            }
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            guard result == 0 else {
                // deinit closes the descriptor: a class whose init throws after setting every property is
                // deinitialized, so closing here too could close a descriptor another thread just opened.
                throw TestDaemonError("Cannot connect to \(path): \(String(cString: strerror(errno)))")
            }
            var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }

        deinit { close(descriptor) }

        func send(_ bytes: [UInt8]) throws {
            var offset = 0
            while offset < bytes.count {
                let sent = bytes[offset...].withUnsafeBytes {
                    Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
                }
                guard sent > 0 else { throw TestDaemonError("send failed: \(String(cString: strerror(errno)))") }
                offset += sent
            }
        }

        /// Stops sending (the peer reads end of file) but keeps reading.
        func finishSending() { shutdown(descriptor, Int32(SHUT_WR)) }

        /// Reads until the peer closes, or the timeout passes (then returns what came).
        func readToEnd() throws -> [UInt8] {
            var output: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
                if count <= 0 { return output }
                output += buffer[..<count]
            }
        }
    }
}
