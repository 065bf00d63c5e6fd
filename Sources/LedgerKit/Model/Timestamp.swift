#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A moment in UTC with microsecond precision, the ledger's unit for both time axes.
///
/// Written as RFC 3339 with six fractional digits and `Z`: `2015-12-07T18:30:00.000000Z`.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Microseconds since 1970-01-01T00:00:00Z.
    public let microsecondsSinceEpoch: Int64

    public init(microsecondsSinceEpoch: Int64) {
        self.microsecondsSinceEpoch = microsecondsSinceEpoch
    }

    /// The system's wall clock now.
    public static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(microsecondsSinceEpoch: Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1_000)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.microsecondsSinceEpoch < rhs.microsecondsSinceEpoch
    }

    public var description: String { rfc3339 }

    /// RFC 3339 in UTC with exactly six fractional digits.
    public var rfc3339: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(27)
        appendRFC3339(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends ``rfc3339`` as UTF-8 bytes, without making a string: events are written this way.
    ///
    /// - Precondition: ``isInRange``: every time the ledger accepts is; a year outside 0000–9999 has no
    ///   RFC 3339 form.
    func appendRFC3339(to output: inout [UInt8]) {
        let micros = microsecondsSinceEpoch
        let seconds = micros.floorDivided(by: 1_000_000)
        let fraction = micros - seconds * 1_000_000
        let days = seconds.floorDivided(by: 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = CivilDate.fromDays(days)
        precondition((0...9999).contains(year), "\(micros) µs is outside the years RFC 3339 can write.")
        // Written into place, 27 bytes: YYYY-MM-DDTHH:MM:SS.ffffffZ.
        let hour = secondOfDay / 3600
        let minute = secondOfDay / 60 % 60
        let second = secondOfDay % 60
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 27) { text in
            func put(_ value: Int64, width: Int, at end: Int) {
                var rest = value
                for index in stride(from: end - 1, through: end - width, by: -1) {
                    text[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
                    rest /= 10
                }
            }
            put(year, width: 4, at: 4)
            text[4] = UInt8(ascii: "-")
            put(month, width: 2, at: 7)
            text[7] = UInt8(ascii: "-")
            put(day, width: 2, at: 10)
            text[10] = UInt8(ascii: "T")
            put(hour, width: 2, at: 13)
            text[13] = UInt8(ascii: ":")
            put(minute, width: 2, at: 16)
            text[16] = UInt8(ascii: ":")
            put(second, width: 2, at: 19)
            text[19] = UInt8(ascii: ".")
            put(fraction, width: 6, at: 26)
            text[26] = UInt8(ascii: "Z")
            output.append(contentsOf: text)
        }
    }

    /// The earliest time the ledger keeps: the first instant of year 0000 in UTC, where RFC 3339's
    /// four-digit years begin.
    public static let minimum = Timestamp(microsecondsSinceEpoch: CivilDate.toDays(year: 0, month: 1, day: 1) * 86_400_000_000)
    /// The latest time the ledger keeps: the last microsecond of year 9999 in UTC.
    public static let maximum = Timestamp(
        microsecondsSinceEpoch: CivilDate.toDays(year: 10_000, month: 1, day: 1) * 86_400_000_000 - 1)

    /// The instant nearest to `microseconds` after the epoch that lies between ``minimum`` and ``maximum``
    /// (a drawing's axis, say, padded past the first or last claim); NaN gives ``minimum``.
    public static func clamped(microseconds: Double) -> Timestamp {
        guard microseconds > Double(minimum.microsecondsSinceEpoch) else { return minimum }
        guard microseconds < Double(maximum.microsecondsSinceEpoch) else { return maximum }
        return Timestamp(microsecondsSinceEpoch: Int64(microseconds))
    }

    /// Whether the instant lies between ``minimum`` and ``maximum``: only such times format as RFC 3339.
    public var isInRange: Bool { self >= Self.minimum && self <= Self.maximum }

    /// The instant `microseconds` after the epoch, or `nil` outside ``minimum`` … ``maximum``: for numbers
    /// read from anywhere but the ledger's own clock.
    public init?(validatingMicroseconds microseconds: Int64) {
        self.init(microsecondsSinceEpoch: microseconds)
        guard isInRange else { return nil }
    }

    /// Parses an RFC 3339 date-time (`2015-12-07T18:30:00Z`, `2015-12-07T20:30:00.5+02:00`) whose instant
    /// lies between ``minimum`` and ``maximum``, keeping it exactly.
    ///
    /// Fractional digits past the sixth are accepted only when they are zeros (Go's RFC3339Nano writes
    /// nine): the ledger keeps microseconds, and refuses a time it would have to cut.
    ///
    /// - Throws: ``TimestampError`` saying why `text` is not such a time.
    public init(parsing text: String) throws(TimestampError) {
        var scanner = DigitScanner(text)
        guard let year = scanner.number(digits: 4), scanner.skip("-"),
            let month = scanner.number(digits: 2), scanner.skip("-"),
            let day = scanner.number(digits: 2), scanner.skip("T", or: "t"),
            let hour = scanner.number(digits: 2), scanner.skip(":"),
            let minute = scanner.number(digits: 2), scanner.skip(":"),
            let second = scanner.number(digits: 2)
        else { throw .notRFC3339 }
        var fraction: Int64 = 0
        if scanner.skip(".") {
            guard let digits = scanner.fractionDigits() else { throw .notRFC3339 }
            for (offset, digit) in digits.enumerated() {
                if offset < 6 {
                    fraction = fraction * 10 + Int64(digit)
                } else if digit != 0 {
                    throw .tooPrecise(digits: digits.count)
                }
            }
            for _ in digits.count..<max(digits.count, 6) { fraction *= 10 }
        }
        var offsetSeconds: Int64 = 0
        if !scanner.skip("Z", or: "z") {
            let sign: Int64
            if scanner.skip("+") {
                sign = 1
            } else if scanner.skip("-") {
                sign = -1
            } else {
                throw .notRFC3339
            }
            guard let offsetHours = scanner.number(digits: 2), scanner.skip(":"),
                let offsetMinutes = scanner.number(digits: 2), offsetHours < 24, offsetMinutes < 60
            else { throw .notRFC3339 }
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
        }
        guard scanner.isAtEnd, (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year),
            hour < 24, minute < 60, second < 60
        else { throw .notRFC3339 }
        let days = CivilDate.toDays(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        self.init(microsecondsSinceEpoch: seconds * 1_000_000 + fraction)
        guard isInRange else { throw .outOfRange }
    }

    /// Parses RFC 3339 as ``init(parsing:)`` does; `nil` if `text` is not a time the ledger keeps.
    public init?(rfc3339 text: String) {
        guard let time = try? Timestamp(parsing: text) else { return nil }
        self = time
    }

    /// Parses RFC 3339, or a bare date (`2015-12-07`) meaning the start of that day in UTC.
    ///
    /// - Throws: ``TimestampError`` saying why `text` is neither.
    public init(parsingDateOrRFC3339 text: String) throws(TimestampError) {
        if text.utf8.count == 10, !text.utf8.contains(UInt8(ascii: "T")), !text.utf8.contains(UInt8(ascii: "t")) {
            self = try Timestamp(parsing: text + "T00:00:00Z")
        } else {
            self = try Timestamp(parsing: text)
        }
    }

    /// Parses RFC 3339, or a bare date (`2015-12-07`) meaning the start of that day in UTC; `nil` if
    /// `text` is neither.
    public init?(dateOrRFC3339 text: String) {
        guard let time = try? Timestamp(parsingDateOrRFC3339: text) else { return nil }
        self = time
    }
}

/// Why a text is not a time the ledger can keep.
public enum TimestampError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Not an RFC 3339 date-time (nor, where one is allowed, a date).
    case notRFC3339
    /// A real RFC 3339 time whose instant falls outside 0000-01-01T00:00:00Z … 9999-12-31T23:59:59.999999Z.
    case outOfRange
    /// More fractional digits than microseconds, and not all the extra ones are zeros.
    case tooPrecise(digits: Int)

    public var description: String {
        switch self {
        case .notRFC3339:
            "it is not an RFC 3339 time such as 2015-12-07T18:30:00Z"
        case .outOfRange:
            "its instant in UTC is outside 0000-01-01T00:00:00Z … 9999-12-31T23:59:59.999999Z, the years RFC 3339 can write"
        case .tooPrecise(let digits):
            "it has \(digits) fractional digits and the ledger keeps microseconds (six); cut or round it to six digits"
        }
    }
}

private struct DigitScanner {
    let bytes: [UInt8]
    var position = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    var isAtEnd: Bool { position == bytes.count }

    mutating func number(digits: Int) -> Int64? {
        guard position + digits <= bytes.count else { return nil }
        var value: Int64 = 0
        for byte in bytes[position..<position + digits] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        position += digits
        return value
    }

    /// The digits of a fraction, each 0–9; `nil` if there is none.
    mutating func fractionDigits() -> [UInt8]? {
        var digits: [UInt8] = []
        while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") {
            digits.append(bytes[position] - UInt8(ascii: "0"))
            position += 1
        }
        return digits.isEmpty ? nil : digits
    }

    /// Steps over `byte` (or `alternative`) if it is next.
    mutating func skip(_ byte: Unicode.Scalar, or alternative: Unicode.Scalar? = nil) -> Bool {
        guard position < bytes.count,
            bytes[position] == UInt8(byte.value) || alternative.map({ bytes[position] == UInt8($0.value) }) == true
        else { return false }
        position += 1
        return true
    }
}

/// Proleptic Gregorian calendar arithmetic (Howard Hinnant's days-from-civil algorithms).
enum CivilDate {
    static func toDays(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = y.floorDivided(by: 400)
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func fromDays(_ days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = z.floorDivided(by: 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

extension Int64 {
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
