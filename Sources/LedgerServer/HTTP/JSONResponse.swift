import Hummingbird
import LedgerKit
import NIOCore

/// An answer with a JSON body.
enum JSONResponse {
    /// The value as RFC 8785 JSON: sorted keys, every string and member name byte for byte (Foundation's
    /// `JSONEncoder` would merge member names that Unicode calls equivalent).
    static func encode(_ value: some Encodable) throws -> [UInt8] {
        try JSONValueEncoder().canonicalBytes(of: value)
    }

    /// An answer whose JSON is already written.
    static func make(bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        make(bytes: try encode(value), status: status)
    }
}
