import Foundation
import LedgerClient
import LedgerKit

/// Streams events to standard output as they commit, reconnecting after the daemon goes away and
/// resuming after the last `seq` written, so that no event is missed or written twice.
struct Follower {
    let client: LedgerClient
    let subject: String?
    /// The longest wait between reconnection attempts.
    static let maximumBackoff: Duration = .seconds(5)

    /// Follows from `seq` `from` until `to` (or forever), writing each event's line to standard output.
    func run(from: UInt64, to: UInt64?) throws {
        var next = from
        var backoff: Duration = .milliseconds(100)
        var reported = false
        while to.map({ next <= $0 }) ?? true {
            do {
                try client.replay(from: next, to: to, subject: subject, follow: true) { line in
                    let seq = try StoredEventLine(line).seq
                    guard seq >= next else { return }  // never write an event twice
                    var bytes = Array(line)
                    bytes.append(UInt8(ascii: "\n"))
                    FileHandle.standardOutput.write(Data(bytes))
                    next = seq + 1
                    backoff = .milliseconds(100)
                    reported = false
                }
                if to != nil { return }
                // The stream ended without an error: the daemon stopped. Wait for it to come back.
            } catch let error as LedgerClientError where error.kind == .unreachable {
                if !reported { Failure.printError("\(error.message) Retrying; the tail resumes at seq \(next).") }
                reported = true
            }
            Thread.sleep(forTimeInterval: backoff.inSeconds)
            backoff = min(backoff * 2, Self.maximumBackoff)
        }
    }
}
