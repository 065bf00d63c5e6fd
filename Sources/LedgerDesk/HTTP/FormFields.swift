import HTTPTypes
import LedgerKit

/// The fields of a query string or of an `application/x-www-form-urlencoded` body, as browsers write
/// them (`+` a space, `%XX` a byte), looked up by their names' bytes; values are kept byte for byte.
struct FormFields: Sendable {
    private var fields: [(name: String, value: String)] = []

    init() {}

    /// - Throws: ``DeskError`` 400 when an escape is broken or the text is not UTF-8.
    init(encoded: some Collection<UInt8>) throws(DeskError) {
        do {
            fields = try PercentDecoding.formPairs(encoded)
        } catch {
            throw DeskError(.badRequest, "The form or address is not percent-encoded UTF-8; send it from the desk's own pages.")
        }
    }

    /// The first value of `name`, `nil` when absent.
    subscript(_ name: String) -> String? {
        fields.first { $0.name.hasSameBytes(as: name) }?.value
    }

    /// The value of `name` when it holds more than spaces, else `nil`.
    func given(_ name: String) -> String? {
        guard let value = self[name], value.utf8.contains(where: { $0 != UInt8(ascii: " ") }) else { return nil }
        return value
    }
}
