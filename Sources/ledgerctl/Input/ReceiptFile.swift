import Foundation
import LedgerKit

/// A receipt read from its JSON file, or from the JSON a report embeds.
enum ReceiptFile {
    /// The id of the element a report embeds its receipt in.
    static let elementID = "ledger-receipt"

    static func receipt(in data: Data, named file: String) throws -> BeliefReceipt {
        var json = data
        let text = String(decoding: data, as: UTF8.self)
        if text.drop(while: \.isWhitespace).hasPrefix("<") {
            guard let start = text.range(of: "id=\"\(elementID)\""), let open = text[start.upperBound...].firstIndex(of: ">"),
                let end = text[open...].range(of: "</script>")
            else {
                throw AuditError("\(file) is HTML without an embedded receipt (<script id=\"\(elementID)\">).")
            }
            json = Data(text[text.index(after: open)..<end.lowerBound].utf8)
        }
        do {
            return try JSONDecoder().decode(BeliefReceipt.self, from: json)
        } catch {
            throw AuditError("\(file) does not hold a receipt: \(error)")
        }
    }
}
