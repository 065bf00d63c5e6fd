import Foundation
import LedgerKit

/// A receipt read from its JSON file, or from the JSON a report embeds.
enum ReceiptFile {
    /// The id of the element a report embeds its receipt in.
    static let elementID = "ledger-receipt"

    static func receipt(in data: Data, named file: String) throws -> BeliefReceipt {
        let bytes = [UInt8](data)
        var json = bytes[...]
        if bytes.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) == UInt8(ascii: "<") {
            // Found by bytes, not by Swift's characters, which may join a combining mark to the '>' or '<'.
            guard let start = bytes.firstRange(of: Array("id=\"\(elementID)\"".utf8)),
                let open = bytes[start.upperBound...].firstIndex(of: UInt8(ascii: ">")),
                let end = bytes[open...].firstRange(of: Array("</script>".utf8))
            else {
                throw AuditError("\(file) is HTML without an embedded receipt (<script id=\"\(elementID)\">).")
            }
            json = bytes[(open + 1)..<end.lowerBound]
        }
        do {
            return try JSONValueDecoder().decode(BeliefReceipt.self, from: Array(json))
        } catch {
            throw AuditError("\(file) does not hold a receipt: \(error)")
        }
    }
}
