extension JSONValue: Codable {
    /// Any member name, for objects whose names are not known ahead.
    struct MemberName: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        if let decoder = decoder as? JSONValueDecoder.Reader {
            self = decoder.value  // exact: no round trip through another representation
            return
        }
        if let object = try? decoder.container(keyedBy: MemberName.self) {
            var members: [JSONObject.Member] = []
            for name in object.allKeys {
                members.append(JSONObject.Member(name: name.stringValue, value: try object.decode(JSONValue.self, forKey: name)))
            }
            self = .object(try JSONObject(members: members))
            return
        }
        if var array = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            while !array.isAtEnd { elements.append(try array.decode(JSONValue.self)) }
            self = .array(elements)
            return
        }
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        if let encoder = encoder as? JSONValueEncoder.Writer {
            encoder.store(self)
            return
        }
        switch self {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let flag):
            var container = encoder.singleValueContainer()
            try container.encode(flag)
        case .number(let number):
            var container = encoder.singleValueContainer()
            try container.encode(number)
        case .string(let string):
            var container = encoder.singleValueContainer()
            try container.encode(string)
        case .array(let elements):
            var container = encoder.unkeyedContainer()
            for element in elements { try container.encode(element) }
        case .object(let object):
            var container = encoder.container(keyedBy: MemberName.self)
            for member in object { try container.encode(member.value, forKey: MemberName(stringValue: member.name)) }
        }
    }
}
