import LMDB

/// Appends fixed-width integers and length-prefixed bytes, for the projections' compact records.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func write(_ value: UInt64) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func write(_ value: Int64) { write(UInt64(bitPattern: value)) }

    mutating func write(_ value: UInt8) { bytes.append(value) }

    mutating func write(lengthPrefixed data: some Collection<UInt8>) {
        let count = UInt32(data.count)
        withUnsafeBytes(of: count.bigEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: data)
    }
}

/// Reads what ``ByteWriter`` wrote; every read fails softly (nil) on short input.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    mutating func readUInt64() -> UInt64? {
        guard offset + 8 <= bytes.count else { return nil }
        defer { offset += 8 }
        return UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    mutating func readInt64() -> Int64? { readUInt64().map { Int64(bitPattern: $0) } }

    mutating func readUInt8() -> UInt8? {
        guard offset < bytes.count else { return nil }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func readLengthPrefixed() -> UnsafeRawBufferPointer? {
        guard offset + 4 <= bytes.count else { return nil }
        let count = Int(UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
        guard offset + 4 + count <= bytes.count else { return nil }
        defer { offset += 4 + count }
        return UnsafeRawBufferPointer(rebasing: bytes[(offset + 4)..<(offset + 4 + count)])
    }

    mutating func readString() -> String? {
        readLengthPrefixed().map { String(decoding: $0, as: UTF8.self) }
    }
}
