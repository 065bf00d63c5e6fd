/// Writes JSON straight to bytes for the answers the daemon sends most often, where `JSONEncoder`
/// would cost more than computing the answer. Callers give members in sorted key order, so the
/// output matches `JSONEncoder` with `.sortedKeys` (and is RFC 8785 when every number is).
public struct JSONWriter {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []
    private var needsComma = false

    public init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    /// `{ … }`, with the members `body` writes.
    public mutating func object(_ body: (inout JSONWriter) -> Void) {
        open(UInt8(ascii: "{"))
        body(&self)
        close(UInt8(ascii: "}"))
    }

    /// `[ … ]`, with one element per call of `element`.
    public mutating func array<S: Sequence>(_ elements: S, _ element: (inout JSONWriter, S.Element) -> Void) {
        open(UInt8(ascii: "["))
        for item in elements { element(&self, item) }
        close(UInt8(ascii: "]"))
    }

    /// A member's key; its value follows.
    public mutating func key(_ name: String) {
        separate()
        CanonicalJSON.appendString(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    public mutating func string(_ value: String) {
        separate()
        CanonicalJSON.appendString(value, to: &bytes)
        needsComma = true
    }

    public mutating func value(_ value: JSONValue) {
        separate()
        CanonicalJSON.append(value, to: &bytes)
        needsComma = true
    }

    public mutating func strings(_ values: [String]) {
        array(values) { $0.string($1) }
    }

    private mutating func open(_ bracket: UInt8) {
        separate()
        bytes.append(bracket)
        needsComma = false
    }

    private mutating func close(_ bracket: UInt8) {
        bytes.append(bracket)
        needsComma = true
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }
}
