/// The fast path of reading an append: the events of a body made only of plainly right events, decoded
/// straight from its bytes (``EventDecoder/plainDraft(from:)``). `nil` when any event, or anything else
/// in the body, is not plain; ``AppendRequest`` and ``EventDecoder/drafts(from:)`` then read it and name
/// every problem. Both paths give the same drafts for a body they both take.
extension AppendRequest {
    /// The events of an NDJSON body (blank lines skipped), or `nil`.
    public static func plainDrafts(ndjson bytes: UnsafeRawBufferPointer) -> [EventDraft]? {
        var drafts: [EventDraft] = []
        drafts.reserveCapacity(bytes.count / 128)
        var lineStart = 0
        while lineStart < bytes.count {
            let newline = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            let line = UnsafeRawBufferPointer(rebasing: bytes[lineStart..<newline])
            if line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) {
                guard let draft = EventDecoder.plainDraft(from: line) else { return nil }
                drafts.append(draft)
            }
            lineStart = newline + 1
        }
        return drafts
    }

    /// The events of a JSON body that is exactly `{"events":[…]}`, or `nil`.
    public static func plainDrafts(json bytes: UnsafeRawBufferPointer) -> [EventDraft]? {
        var parser = JSONParser(bytes: bytes)
        return try? parser.scanPlainEventsBody()
    }
}

extension JSONParser {
    fileprivate mutating func scanPlainEventsBody() throws(JSONParseError) -> [EventDraft]? {
        skipWhitespace()
        guard current == UInt8(ascii: "{") else { return nil }
        position += 1
        skipWhitespace()
        guard current == UInt8(ascii: "\""), try parseString().utf8.elementsEqual("events".utf8) else { return nil }
        skipWhitespace()
        guard current == UInt8(ascii: ":") else { return nil }
        position += 1
        skipWhitespace()
        guard current == UInt8(ascii: "[") else { return nil }
        position += 1
        var drafts: [EventDraft] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") { return nil }  // no events: the full path says so
        while true {
            guard let scanned = try scanEventObject(), let draft = EventDecoder.plainDraft(scanned) else { return nil }
            drafts.append(draft)
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"):
                position += 1
                skipWhitespace()
                guard current == UInt8(ascii: "}") else { return nil }
                position += 1
                skipWhitespace()
                return position == bytes.count ? drafts : nil
            default: return nil
            }
        }
    }
}
