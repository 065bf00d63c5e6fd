/// Plain-text tables for people: columns padded to their widest cell.
struct Table {
    var rows: [[String]] = []

    mutating func add(_ cells: String...) { rows.append(cells) }

    var rendered: String {
        guard let columns = rows.map(\.count).max() else { return "" }
        let widths = (0..<columns).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}

/// Writes to standard output.
func printOut(_ text: String) {
    print(text)
}
