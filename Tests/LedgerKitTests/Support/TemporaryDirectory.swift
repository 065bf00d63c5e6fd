import Foundation

/// A fresh directory under the system's temporary folder, removed when the test is done with it.
final class TemporaryDirectory {
    let path: String

    init(_ label: String = "ledger") throws {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.path
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
