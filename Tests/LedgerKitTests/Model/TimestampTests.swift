import Foundation
import LedgerKit
import LedgerTestSupport
import Testing

@Suite("Timestamps")
struct TimestampTests {
    /// Foundation's ISO 8601 formatter is the oracle for the date and time; the six fraction digits are ours.
    @Test func rfc3339MatchesFoundationAndParsesBack() {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        var random = SeededRandom(seed: 3339)
        // 1600-01-01 … 9999-12-31: before the Gregorian reform Foundation switches to the Julian calendar.
        let bounds: ClosedRange<Int64> = -11_676_096_000_000_000...253_402_300_799_999_999
        for _ in 0..<20_000 {
            let micros = Int64.random(in: bounds, using: &random)
            let timestamp = Timestamp(microsecondsSinceEpoch: micros)
            let text = timestamp.rfc3339
            let seconds = micros >= 0 ? micros / 1_000_000 : -((-micros + 999_999) / 1_000_000)
            let fraction = String(micros - seconds * 1_000_000)
            let expected =
                formatter.string(from: Date(timeIntervalSince1970: Double(seconds))).dropLast()
                + "." + String(repeating: "0", count: 6 - fraction.count) + fraction + "Z"
            #expect(text == expected, "\(micros)")
            #expect(Timestamp(rfc3339: text) == timestamp, "\(text)")
        }
    }

    @Test func theEpochAndLeapDays() {
        #expect(Timestamp(microsecondsSinceEpoch: 0).rfc3339 == "1970-01-01T00:00:00.000000Z")
        #expect(Timestamp(microsecondsSinceEpoch: -1).rfc3339 == "1969-12-31T23:59:59.999999Z")
        #expect(Timestamp(rfc3339: "2016-02-29T12:00:00.5+02:00")?.rfc3339 == "2016-02-29T10:00:00.500000Z")
        #expect(Timestamp(rfc3339: "2015-02-29T12:00:00Z") == nil)
    }

    /// Every accepted time formats back and parses again to the same instant, over the whole range and
    /// with any offset; a time whose instant falls outside the range is refused, never kept.
    @Test func everyInstantAndOffsetRoundTripsOrIsRefused() throws {
        var random = SeededRandom(seed: 14)
        let (low, high) = (Timestamp.minimum.microsecondsSinceEpoch, Timestamp.maximum.microsecondsSinceEpoch)
        let day: Int64 = 86_400_000_000
        for round in 0..<50_000 {
            // Half the instants anywhere, half within a day of an edge, where offsets matter.
            let micros: Int64 =
                switch round % 4 {
                case 0, 1: Int64.random(in: low...high, using: &random)
                case 2: low + Int64.random(in: -day...day, using: &random)
                default: high + Int64.random(in: -day...day, using: &random)
                }
            let offsetMinutes = Int64.random(in: -(23 * 60 + 59)...(23 * 60 + 59), using: &random)
            guard let text = Self.localText(instant: micros, offsetMinutes: offsetMinutes) else { continue }
            let instant = Timestamp(microsecondsSinceEpoch: micros)
            if instant.isInRange {
                let parsed = try Timestamp(parsing: text)
                #expect(parsed == instant, "\(text)")
                #expect(try Timestamp(parsing: parsed.rfc3339) == parsed, "\(text)")
            } else {
                #expect(throws: TimestampError.outOfRange, "\(text)") { try Timestamp(parsing: text) }
            }
        }
    }

    @Test(arguments: [
        ("0000-01-01T00:00:00Z", true), ("9999-12-31T23:59:59.999999Z", true),
        ("0000-01-01T00:00:00+00:01", false), ("9999-12-31T23:59:59-01:00", false),
        ("0000-01-01T00:59:00+00:59", true), ("9999-12-31T23:00:00-00:59", true),
        ("0000-01-01T00:00:00.000000-00:00", true), ("9999-12-31T23:59:59.999999999Z", false),
    ])
    func theEdgesOfTheRange(text: String, isKept: Bool) {
        let parsed = try? Timestamp(parsing: text)
        #expect((parsed != nil) == isKept, "\(text)")
        if let parsed { #expect(parsed.isInRange && Timestamp(rfc3339: parsed.rfc3339) == parsed) }
    }

    @Test func digitsPastMicrosecondsAreKeptOnlyWhenZero() throws {
        #expect(try Timestamp(parsing: "2015-12-07T18:30:00.000000000Z").rfc3339 == "2015-12-07T18:30:00.000000Z")
        #expect(try Timestamp(parsing: "2015-12-07T18:30:00.123456000+01:00").rfc3339 == "2015-12-07T17:30:00.123456Z")
        #expect(throws: TimestampError.tooPrecise(digits: 9)) { try Timestamp(parsing: "2015-12-07T18:30:00.123456789Z") }
        #expect(throws: TimestampError.tooPrecise(digits: 7)) { try Timestamp(parsing: "2015-12-07T18:30:00.0000001Z") }
        #expect(throws: TimestampError.notRFC3339) { try Timestamp(parsing: "2015-12-07T18:30:00.Z") }
        #expect(throws: TimestampError.notRFC3339) { try Timestamp(parsing: "2015-12-07 18:30:00Z") }
        #expect(throws: TimestampError.notRFC3339) { try Timestamp(parsing: "-001-12-07T18:30:00Z") }
        #expect(throws: TimestampError.notRFC3339) { try Timestamp(parsing: "2015-12-07T24:00:00Z") }
    }

    @Test func aBareDateIsItsStartInUTC() throws {
        #expect(try Timestamp(parsingDateOrRFC3339: "2015-12-07").rfc3339 == "2015-12-07T00:00:00.000000Z")
        #expect(try Timestamp(parsingDateOrRFC3339: "0000-01-01") == .minimum)
        #expect(throws: TimestampError.notRFC3339) { try Timestamp(parsingDateOrRFC3339: "2015-13-07") }
    }

    /// `instant` written in local time at `offsetMinutes` east of UTC, or `nil` when that local time's
    /// year has no four-digit form.
    static func localText(instant: Int64, offsetMinutes: Int64) -> String? {
        let local = instant + offsetMinutes * 60_000_000
        let seconds = local >= 0 ? local / 1_000_000 : -((-local + 999_999) / 1_000_000)
        let fraction = local - seconds * 1_000_000
        let days = seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, dayOfMonth) = civil(days)
        guard (0...9999).contains(year) else { return nil }
        let sign = offsetMinutes < 0 ? "-" : "+"
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(dayOfMonth, 2))T\(pad(secondOfDay / 3600, 2)):"
            + "\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(fraction, 6))"
            + "\(sign)\(pad(abs(offsetMinutes) / 60, 2)):\(pad(abs(offsetMinutes) % 60, 2))"
    }

    /// Days since 1970-01-01 as a proleptic Gregorian date (an independent copy of the civil algorithm,
    /// checked against Foundation above for 1600–9999).
    static func civil(_ days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
