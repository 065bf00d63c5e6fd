/// Something that can lend its bytes to LMDB as a key or a value without copying.
public protocol LMDBBytes {
    /// Calls `body` with the bytes; they must not escape it.
    func withLMDBBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R
}

extension [UInt8]: LMDBBytes {
    public func withLMDBBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        let result: Result<R, E> = withUnsafeBytes { buffer in Result { () throws(E) -> R in try body(buffer) } }
        return try result.get()
    }
}

extension String: LMDBBytes {
    /// The string's UTF-8 bytes.
    public func withLMDBBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        var copy = self
        let result: Result<R, E> = copy.withUTF8 { utf8 in
            Result { () throws(E) -> R in try body(UnsafeRawBufferPointer(utf8)) }
        }
        return try result.get()
    }
}

extension UInt64: LMDBBytes {
    /// The integer as 8 big-endian bytes, so that LMDB's byte order is numeric order.
    public func withLMDBBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        var bigEndian = self.bigEndian
        let result: Result<R, E> = withUnsafeBytes(of: &bigEndian) { buffer in
            Result { () throws(E) -> R in try body(buffer) }
        }
        return try result.get()
    }

    /// Reads an integer stored by ``withLMDBBytes(_:)``; `nil` unless `bytes` holds exactly 8 bytes.
    public init?(bigEndianBytes bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 8 else { return nil }
        self = UInt64(bigEndian: bytes.loadUnaligned(as: UInt64.self))
    }

    /// Reads an integer stored by ``withLMDBBytes(_:)``; `nil` unless `bytes` holds exactly 8 bytes.
    public init?(bigEndianBytes bytes: [UInt8]) {
        guard let value = bytes.withUnsafeBytes({ UInt64(bigEndianBytes: $0) }) else { return nil }
        self = value
    }
}
