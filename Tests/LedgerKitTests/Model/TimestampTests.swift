import LedgerKit
import Testing

@Suite("Timestamps")
struct TimestampTests {
    @Test("Parses RFC 3339 and writes UTC with microseconds", arguments: [
        ("2015-12-07T18:30:00Z", "2015-12-07T18:30:00.000000Z"),
        ("2015-12-07t18:30:00.5z", "2015-12-07T18:30:00.500000Z"),
        ("2015-12-07T20:30:00.123456+02:00", "2015-12-07T18:30:00.123456Z"),
        ("2015-12-07T00:30:00-05:30", "2015-12-07T06:00:00.000000Z"),
        ("1969-12-31T23:59:59.999999Z", "1969-12-31T23:59:59.999999Z"),
        ("2016-02-29T00:00:00Z", "2016-02-29T00:00:00.000000Z"),
        ("0001-01-01T00:00:00Z", "0001-01-01T00:00:00.000000Z"),
    ])
    func roundTrip(input: String, expected: String) throws {
        let time = try #require(Timestamp(rfc3339: input))
        #expect(time.rfc3339 == expected)
        #expect(Timestamp(rfc3339: expected) == time)
    }

    @Test("Rejects what is not RFC 3339 with at most microseconds", arguments: [
        "2015-12-07", "2015-12-07 18:30:00Z", "2015-12-07T18:30:00", "2015-02-29T00:00:00Z",
        "2015-13-01T00:00:00Z", "2015-12-07T24:00:00Z", "2015-12-07T18:30:00.1234567Z", "yesterday",
        "2015-12-07T18:30:00+0200", "2015-12-07T18:30:00.Z",
    ])
    func rejects(input: String) {
        #expect(Timestamp(rfc3339: input) == nil)
    }

    @Test func bareDateMeansStartOfDayUTC() {
        #expect(Timestamp(dateOrRFC3339: "2015-12-07")?.rfc3339 == "2015-12-07T00:00:00.000000Z")
        #expect(Timestamp(dateOrRFC3339: "2015-12-07T01:00:00Z")?.rfc3339 == "2015-12-07T01:00:00.000000Z")
    }

    @Test func epochArithmetic() {
        #expect(Timestamp(rfc3339: "1970-01-01T00:00:00Z")?.microsecondsSinceEpoch == 0)
        #expect(Timestamp(rfc3339: "2015-12-07T00:00:00Z")?.microsecondsSinceEpoch == 1_449_446_400_000_000)
    }
}
