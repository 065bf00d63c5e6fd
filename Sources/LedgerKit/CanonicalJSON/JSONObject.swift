/// The members of a JSON object, kept in RFC 8785 order (member names by their UTF-16 code units),
/// each name at most once, names told apart by their bytes.
///
/// Swift's `Dictionary<String, _>` would merge `"é"` (U+00E9) and `"e\u{301}"`, which Unicode calls
/// equivalent but which are different names with different canonical bytes; this type never does.
public struct JSONObject: Sendable, Hashable, RandomAccessCollection, ExpressibleByDictionaryLiteral {
    /// One name and its value.
    public struct Member: Sendable, Hashable {
        public var name: String
        public var value: JSONValue

        public init(name: String, value: JSONValue) {
            self.name = name
            self.value = value
        }

        public static func == (lhs: Member, rhs: Member) -> Bool {
            lhs.name.utf8.elementsEqual(rhs.name.utf8) && lhs.value == rhs.value
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combineUTF8(of: name)
            hasher.combine(value)
        }
    }

    /// The members in canonical order.
    public private(set) var members: [Member]

    /// The empty object.
    public init() {
        members = []
    }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init()
        for (name, value) in elements { self[name] = value }
    }

    /// An object of `members` in any order.
    ///
    /// - Throws: ``DuplicateName`` naming a name that appears twice (byte for byte).
    public init(members: [Member]) throws(DuplicateName) {
        var sorted = members
        sorted.sort { CanonicalJSON.precedesInUTF16Order($0.name, $1.name) }
        for index in sorted.indices.dropFirst() where sorted[index - 1].name.utf8.elementsEqual(sorted[index].name.utf8) {
            throw DuplicateName(name: sorted[index].name)
        }
        self.members = sorted
    }

    /// A member name given twice.
    public struct DuplicateName: Error, Sendable, Hashable {
        public let name: String
    }

    public var startIndex: Int { members.startIndex }
    public var endIndex: Int { members.endIndex }
    public subscript(position: Int) -> Member { members[position] }

    /// The member names in canonical order.
    public var names: [String] { members.map(\.name) }

    /// The value of the member whose name is `name` byte for byte; setting `nil` removes it.
    public subscript(name: String) -> JSONValue? {
        get {
            let (index, found) = position(of: name)
            // Not `found ? value : nil`: JSONValue takes `nil` as a literal for `.null`.
            guard found else { return Optional.none }
            return members[index].value
        }
        set {
            let (index, found) = position(of: name)
            switch (found, newValue) {
            case (true, let value?): members[index].value = value
            case (true, nil): members.remove(at: index)
            case (false, let value?): members.insert(Member(name: name, value: value), at: index)
            case (false, nil): break
            }
        }
    }

    /// Where `name` is, or where it would go; by binary search in canonical order.
    private func position(of name: String) -> (index: Int, found: Bool) {
        var low = 0
        var high = members.count
        while low < high {
            let middle = (low + high) / 2
            if CanonicalJSON.precedesInUTF16Order(members[middle].name, name) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return (low, low < members.count && members[low].name.utf8.elementsEqual(name.utf8))
    }
}
