import Foundation
import Testing

/// A restore cannot move the ledger's clock into the future: every later event is recorded no earlier
/// than the last one, so an export whose `recorded_at` lies past the daemon's clock (beyond a few
/// minutes) is refused, naming its line, and nothing of it is written.
@Suite("Restores and the clock", .serialized)
struct RestoreClockTests {
    @Test(arguments: ["9999-12-31T23:59:59.999999Z", "2999-01-01T00:00:00.000000Z"])
    func anExportRecordedInTheFutureIsRefusedNamingTheLine(time: String) throws {
        let source = try TestDaemon()
        _ = try source.ctl("append", "--file", Seed.path)
        var lines = try source.ctl("replay").standardOutput.split(separator: "\n").map(String.init)
        // The last line moved into the future: its recorded_at is a field like any other, in canonical form.
        let last = lines.count - 1
        let recorded = try #require(lines[last].firstRange(of: #/"recorded_at":"[^"]*"/#))
        lines[last].replaceSubrange(recorded, with: #""recorded_at":"\#(time)""#)
        let target = try TestDaemon()
        let refused = try target.ctl("restore", "-", input: Data((lines.joined(separator: "\n") + "\n").utf8))
        #expect(refused.status == 1, "\(refused.standardError)")
        #expect(refused.standardError.contains("-:\(lines.count):"), "\(refused.standardError)")
        #expect(refused.standardError.contains("more than 5 minutes after this daemon's clock"), "\(refused.standardError)")
        #expect(try target.head() == 0)
        // The same export without that line restores, and appends after it are recorded now.
        let kept = lines.dropLast().joined(separator: "\n") + "\n"
        #expect(try target.ctl("restore", "-", input: Data(kept.utf8)).status == 0)
    }
}
