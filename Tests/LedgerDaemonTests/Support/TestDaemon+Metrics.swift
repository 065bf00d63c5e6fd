import Foundation
import Testing

extension TestDaemon {
    /// `/metrics`, parsed by prometheus_client: every sample as (name, labels) → value.
    func metrics() throws -> [String: Double] {
        let response = try UnixHTTP.request(socket: socket, "GET /metrics")
        #expect(response.status == 200)
        #expect(response.headers["content-type"]?.hasPrefix("text/plain") == true)
        let parsed = try runProcess(
            "/usr/bin/env", ["python3", OperationsTests.python + "/parse_metrics.py"], input: Data(response.body))
        #expect(parsed.status == 0, "\(parsed.standardError)")
        var samples: [String: Double] = [:]
        for line in parsed.standardOutput.split(separator: "\n") {
            guard let sample = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let name = sample["name"] as? String, let value = sample["value"] as? Double
            else { continue }
            let labels = (sample["labels"] as? [String: String] ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            samples[labels.isEmpty ? name : "\(name){\(labels.joined(separator: ","))}"] = value
        }
        return samples
    }
}
