import ArgumentParser
import LedgerKit

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Record the claims of a CSV file whose header names each column's field.",
        discussion: """
            Columns named subject, predicate, object, source, polarity (affirm or deny), effective_at, \
            confidence, id, quote, citation and note fill those fields (type, target and reason make \
            retractions). Other headers: --map "Header=field", or --ignore "Header". object is read as JSON \
            when it parses, else as a string. Give rows an id column so a re-run is safe.
            Examples:
              ledgerctl import examples/deir-ezzor-2015.csv
              ledgerctl import claims.csv --map "Outlet=source" --map "Said on=effective_at" --ignore Notes
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The CSV file; - for standard input.") var file: String
    @Option(help: ArgumentHelp("A column whose header is not a field's name, as COLUMN=FIELD.", valueName: "column=field"))
    var map: [String] = []
    @Option(help: "A column to leave out.") var ignore: [String] = []
    @Flag(help: "Take the object column as strings even where it parses as JSON.") var objectString = false
    @Option(help: "Events sent per request.") var batchSize = 1_000

    func validate() throws {
        for pair in map where !pair.contains("=") {
            throw ValidationError("--map takes COLUMN=FIELD, as in --map \"Outlet=source\"; \"\(pair)\" has no =.")
        }
        guard batchSize > 0 else { throw ValidationError("--batch-size must be at least 1.") }
    }

    func run() throws {
        let mapping = Dictionary(
            map.map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                return (parts[0], parts.count > 1 ? parts[1] : "")
            }, uniquingKeysWith: { $1 })
        let lines = try CSVClaims.lines(of: file, mapping: mapping, ignoring: Set(ignore), objectAsString: objectString)
        let totals = try BatchSender.send(
            NDJSONFile(generated: lines), from: file, batchSize: batchSize, inFlight: 1, client: global.client)
        try report(totals, from: file, noun: "claim", format: global.outputFormat)
    }
}
