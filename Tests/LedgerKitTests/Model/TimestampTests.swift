import Foundation
import LedgerKit
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
            let expected = formatter.string(from: Date(timeIntervalSince1970: Double(seconds))).dropLast()
                + "." + String(repeating: "0", count: 6 - fraction.count) + fraction + "Z"
            #expect(text == expected, "\(micros)")
            #expect(Timestamp(rfc3339: text) == timestamp, "\(text)")
        }
    }

    @Test func theEpochAndLeapDays() {
        #expect(Timestamp(microsecondsSinceEpoch: 0).rfc3339 == "1970-01-01T00:00:00.000000Z")
        #expect(Timestamp(microsecondsSinceEpoch: -1).rfc3339 == "1969-12-31T23:59:59.999999Z")
        #expect(Timestamp(rfc3339: "2016-02-29T12:00:00.5+02:00")?.rfc3339 == "2016-02-29T10:00:00.500000Z")
    }
}
