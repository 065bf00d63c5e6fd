/// Plain-text tables for people: columns padded to their widest cell, the widest cut (with …) when
/// the table would not fit the terminal. A cell's colour, if any, does not count toward its width.
struct Table {
    var rows: [[String]] = []
    /// Cells to colour, by row and column.
    private var colors: [[Int]: Terminal.Color] = [:]

    mutating func add(_ cells: String...) { rows.append(cells) }

    /// Adds a row whose cell at `column` is painted `color` on a colour terminal.
    mutating func add(_ cells: [String], color: Terminal.Color, column: Int) {
        colors[[rows.count, column]] = color
        rows.append(cells)
    }

    var rendered: String { rendered(width: Terminal.columns) }

    func rendered(width available: Int) -> String {
        guard let columns = rows.map(\.count).max() else { return "" }
        var widths = (0..<columns).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        // Narrow the widest column until the table fits, but never below 12 characters.
        while widths.reduce(0, +) + 2 * (columns - 1) > available,
            let widest = widths.indices.max(by: { widths[$0] < widths[$1] }),
            widths[widest] > 12
        {
            widths[widest] -= 1
        }
        return rows.enumerated().map { rowIndex, row in
            row.enumerated().map { column, cell in
                var text = cell.count > widths[column] ? String(cell.prefix(widths[column] - 1)) + "…" : cell
                let padding = column == row.count - 1 ? "" : String(repeating: " ", count: widths[column] - text.count)
                if let color = colors[[rowIndex, column]] { text = Terminal.paint(text, color) }
                return text + padding
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}

/// Writes to standard output.
func printOut(_ text: String) {
    print(text)
}
