import LMDB

extension ClaimRecord {
    /// The record as the `subject_claims` projection stores it (the subject and seq are in the key).
    ///
    /// Layout: recorded_at, effective_at (Int64 µs), stance (bit 0: deny, bit 1: inferred), has retraction (0/1),
    /// retraction seq, recorded_at, effective_at (zero when none), then id, predicate, source, object,
    /// each as a UInt32 length and bytes. Integers are big-endian.
    var storedBytes: [UInt8] {
        var writer = ByteWriter()
        writer.bytes.reserveCapacity(64 + id.utf8.count + predicate.utf8.count + source.utf8.count + object.count)
        writer.write(recordedAt.microsecondsSinceEpoch)
        writer.write(effectiveAt.microsecondsSinceEpoch)
        writer.write((polarity == .affirm ? UInt8(0) : 1) | (isInferred ? 2 : 0))
        writer.write(retraction == nil ? UInt8(0) : 1)
        writer.write(retraction?.seq ?? 0)
        writer.write(retraction?.recordedAt.microsecondsSinceEpoch ?? 0)
        writer.write(retraction?.effectiveAt.microsecondsSinceEpoch ?? 0)
        writer.write(lengthPrefixed: id.utf8)
        writer.write(lengthPrefixed: predicate.utf8)
        writer.write(lengthPrefixed: source.utf8)
        writer.write(lengthPrefixed: object)
        return writer.bytes
    }

    /// Reads a stored record; `nil` if the bytes are not one.
    init?(storedBytes bytes: UnsafeRawBufferPointer, subject: String, seq: UInt64) {
        var reader = ByteReader(bytes)
        guard let recordedAt = reader.readInt64(), let effectiveAt = reader.readInt64(),
            let polarity = reader.readUInt8(), let hasRetraction = reader.readUInt8(),
            let retractionSeq = reader.readUInt64(), let retractionRecordedAt = reader.readInt64(),
            let retractionEffectiveAt = reader.readInt64(), let id = reader.readString(),
            let predicate = reader.readString(), let source = reader.readString(),
            let object = reader.readLengthPrefixed(),
            let recordedTime = Timestamp(validatingMicroseconds: recordedAt),
            let effectiveTime = Timestamp(validatingMicroseconds: effectiveAt)
        else { return nil }
        var retraction: RetractionRecord?
        if hasRetraction != 0 {
            guard let recorded = Timestamp(validatingMicroseconds: retractionRecordedAt),
                let effective = Timestamp(validatingMicroseconds: retractionEffectiveAt)
            else { return nil }
            retraction = RetractionRecord(seq: retractionSeq, recordedAt: recorded, effectiveAt: effective)
        }
        self.init(
            seq: seq, id: id, recordedAt: recordedTime, effectiveAt: effectiveTime, subject: subject,
            predicate: predicate, object: Array(object), source: source, polarity: polarity & 1 == 0 ? .affirm : .deny,
            isInferred: polarity & 2 != 0, retraction: retraction)
    }
}
