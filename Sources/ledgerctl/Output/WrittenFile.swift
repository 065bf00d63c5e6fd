/// What `receipt` and `report` print with `--format json`: the file written and what it holds.
struct WrittenFile: Encodable {
    var out: String
    var subject: String
    var events: Int
    var treeSize: UInt64

    enum CodingKeys: String, CodingKey {
        case out, subject, events
        case treeSize = "tree_size"
    }
}
