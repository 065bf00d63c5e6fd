import LedgerClient
import LedgerKit

extension GlobalOptions {
    /// Appends one event and, for machine output, prints the daemon's answer; returns the event's
    /// result for a person's sentence, or `nil` when the answer was printed already.
    func appendOne(_ event: JSONObject) throws -> AppendResponse.Result? {
        let response = try client.append(AppendRequest(events: [.object(event)]))
        if isMachineOutput {
            try JSONOutput.print(format: outputFormat, response)
            return nil
        }
        return response.results[0]
    }
}
