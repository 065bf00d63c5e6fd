/// Encodes an `Encodable` value to a ``JSONValue``, keeping every string and member name byte for byte.
///
/// Foundation's `JSONEncoder` keeps an object's members in a `String`-keyed dictionary, which merges names
/// that Unicode calls equivalent; answers that carry claims' objects are written through this encoder
/// and ``CanonicalJSON`` instead.
///
/// ```swift
/// let bytes = try JSONValueEncoder().canonicalBytes(of: response)
/// ```
public struct JSONValueEncoder: Sendable {
    public init() {}

    /// The value as JSON.
    ///
    /// - Throws: `EncodingError.invalidValue` for a number JSON cannot hold exactly (NaN, infinity, an
    ///   integer beyond 2^53).
    public func encode(_ value: some Encodable) throws -> JSONValue {
        let node = Node()
        try Writer(node: node, codingPath: []).encodeValue(value)
        return node.value
    }

    /// The value's RFC 8785 bytes (members sorted, numbers in their shortest form).
    public func canonicalBytes(of value: some Encodable) throws -> [UInt8] {
        CanonicalJSON.encode(try encode(value))
    }

    /// A value being built: a scalar, or an object or array whose members are still being added.
    final class Node {
        enum Content {
            case unset
            case scalar(JSONValue)
            case object([(name: String, node: Node)])
            case array([Node])
        }
        var content: Content = .unset

        var value: JSONValue {
            switch content {
            case .unset: return .object(JSONObject())
            case .scalar(let value): return value
            case .array(let nodes): return .array(nodes.map(\.value))
            case .object(let members):
                var object = JSONObject()
                for member in members { object[member.name] = member.node.value }
                return .object(object)
            }
        }

        /// The child under `name`, made (or made anew) for a new value.
        func child(named name: String) -> Node {
            let node = Node()
            if case .object(var members) = content {
                members.removeAll { $0.name.utf8.elementsEqual(name.utf8) }
                members.append((name, node))
                content = .object(members)
            } else {
                content = .object([(name, node)])
            }
            return node
        }

        func appendChild() -> Node {
            let node = Node()
            if case .array(var nodes) = content {
                nodes.append(node)
                content = .array(nodes)
            } else {
                content = .array([node])
            }
            return node
        }
    }

    /// The `Encoder` handed to each value; ``JSONValue`` recognizes it and stores itself whole.
    struct Writer: Encoder {
        let node: Node
        let codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func store(_ value: JSONValue) {
            node.content = .scalar(value)
        }

        func encodeValue(_ value: some Encodable) throws {
            try value.encode(to: self)
        }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if case .object = node.content {} else { node.content = .object([]) }
            return KeyedEncodingContainer(KeyedWriter<Key>(node: node, codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if case .array = node.content {} else { node.content = .array([]) }
            return UnkeyedWriter(node: node, codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer {
            SingleValueWriter(node: node, codingPath: codingPath)
        }
    }

    struct KeyedWriter<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let node: Node
        let codingPath: [any CodingKey]

        func writer(for key: Key) -> Writer {
            Writer(node: node.child(named: key.stringValue), codingPath: codingPath + [key])
        }

        mutating func encodeNil(forKey key: Key) throws { writer(for: key).store(.null) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { writer(for: key).store(.bool(value)) }
        mutating func encode(_ value: String, forKey key: Key) throws { writer(for: key).store(.string(value)) }
        mutating func encode(_ value: Double, forKey key: Key) throws {
            writer(for: key).store(try Scalar.number(value, codingPath + [key]))
        }
        mutating func encode(_ value: Float, forKey key: Key) throws {
            writer(for: key).store(try Scalar.number(Double(value), codingPath + [key]))
        }
        mutating func encode(_ value: Int, forKey key: Key) throws {
            writer(for: key).store(try Scalar.integer(value, codingPath + [key]))
        }
        mutating func encode(_ value: Int8, forKey key: Key) throws { writer(for: key).store(.number(Double(value))) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { writer(for: key).store(.number(Double(value))) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { writer(for: key).store(.number(Double(value))) }
        mutating func encode(_ value: Int64, forKey key: Key) throws {
            writer(for: key).store(try Scalar.integer(value, codingPath + [key]))
        }
        mutating func encode(_ value: UInt, forKey key: Key) throws {
            writer(for: key).store(try Scalar.integer(value, codingPath + [key]))
        }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { writer(for: key).store(.number(Double(value))) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { writer(for: key).store(.number(Double(value))) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { writer(for: key).store(.number(Double(value))) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws {
            writer(for: key).store(try Scalar.integer(value, codingPath + [key]))
        }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            try writer(for: key).encodeValue(value)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type, forKey key: Key
        )
            -> KeyedEncodingContainer<NestedKey>
        {
            writer(for: key).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            writer(for: key).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder {
            Writer(node: node.child(named: "super"), codingPath: codingPath)
        }

        mutating func superEncoder(forKey key: Key) -> any Encoder { writer(for: key) }
    }

    struct UnkeyedWriter: UnkeyedEncodingContainer {
        let node: Node
        let codingPath: [any CodingKey]
        var count: Int {
            if case .array(let nodes) = node.content { nodes.count } else { 0 }
        }

        func nextWriter() -> Writer {
            Writer(node: node.appendChild(), codingPath: codingPath)
        }

        mutating func encodeNil() throws { nextWriter().store(.null) }
        mutating func encode(_ value: Bool) throws { nextWriter().store(.bool(value)) }
        mutating func encode(_ value: String) throws { nextWriter().store(.string(value)) }
        mutating func encode(_ value: Double) throws { nextWriter().store(try Scalar.number(value, codingPath)) }
        mutating func encode(_ value: Int) throws { nextWriter().store(try Scalar.integer(value, codingPath)) }
        mutating func encode(_ value: Int64) throws { nextWriter().store(try Scalar.integer(value, codingPath)) }
        mutating func encode(_ value: UInt64) throws { nextWriter().store(try Scalar.integer(value, codingPath)) }
        mutating func encode<T: Encodable>(_ value: T) throws { try nextWriter().encodeValue(value) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey>
        {
            nextWriter().container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            nextWriter().unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder { nextWriter() }
    }

    struct SingleValueWriter: SingleValueEncodingContainer {
        let node: Node
        let codingPath: [any CodingKey]

        private func store(_ value: JSONValue) { node.content = .scalar(value) }

        mutating func encodeNil() throws { store(.null) }
        mutating func encode(_ value: Bool) throws { store(.bool(value)) }
        mutating func encode(_ value: String) throws { store(.string(value)) }
        mutating func encode(_ value: Double) throws { store(try Scalar.number(value, codingPath)) }
        mutating func encode(_ value: Float) throws { store(try Scalar.number(Double(value), codingPath)) }
        mutating func encode(_ value: Int) throws { store(try Scalar.integer(value, codingPath)) }
        mutating func encode(_ value: Int8) throws { store(.number(Double(value))) }
        mutating func encode(_ value: Int16) throws { store(.number(Double(value))) }
        mutating func encode(_ value: Int32) throws { store(.number(Double(value))) }
        mutating func encode(_ value: Int64) throws { store(try Scalar.integer(value, codingPath)) }
        mutating func encode(_ value: UInt) throws { store(try Scalar.integer(value, codingPath)) }
        mutating func encode(_ value: UInt8) throws { store(.number(Double(value))) }
        mutating func encode(_ value: UInt16) throws { store(.number(Double(value))) }
        mutating func encode(_ value: UInt32) throws { store(.number(Double(value))) }
        mutating func encode(_ value: UInt64) throws { store(try Scalar.integer(value, codingPath)) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            try Writer(node: node, codingPath: codingPath).encodeValue(value)
        }
    }

    /// Numbers as JSON holds them: finite doubles, and integers a double represents exactly.
    enum Scalar {
        static func number(_ value: Double, _ path: [any CodingKey]) throws -> JSONValue {
            guard value.isFinite else {
                throw EncodingError.invalidValue(
                    value, .init(codingPath: path, debugDescription: "JSON has no form for \(value)."))
            }
            return .number(value)
        }

        static func integer(_ value: some BinaryInteger, _ path: [any CodingKey]) throws -> JSONValue {
            let number = Double(value)
            guard number.magnitude <= 9_007_199_254_740_992, Int64(exactly: number).map({ Int64(value) == $0 }) ?? false else {
                throw EncodingError.invalidValue(
                    value,
                    .init(codingPath: path, debugDescription: "\(value) is beyond 2^53, which a JSON number cannot hold exactly.")
                )
            }
            return .number(number)
        }
    }
}
