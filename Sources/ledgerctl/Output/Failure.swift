import ArgumentParser
import Foundation
import LedgerClient
import LedgerKit

/// The one place where a failure becomes an exit status: 1 refused, 2 usage, 3 unreachable, 4 audit.
enum Failure {
    static let refused: Int32 = 1
    static let usage: Int32 = 2
    static let unreachable: Int32 = 3
    static let auditFailed: Int32 = 4

    /// Prints `error` as a sentence on standard error and returns its exit status; `nil` for
    /// ArgumentParser's own errors, which it prints itself.
    static func status(for error: any Error) -> Int32? {
        switch error {
        case let error as LedgerError:
            printError(error.message)
            for problem in error.problems.dropFirst() { printError("  " + problem.message) }
            return refused
        case let error as LedgerClientError:
            printError(error.message)
            switch error.kind {
            case .unreachable: return unreachable
            case .invalidAddress: return usage
            case .invalidResponse: return refused
            }
        case let error as AuditError:
            printError("audit failed: " + error.message)
            return auditFailed
        case let error as UsageError:
            printError(error.message)
            return usage
        default:
            return nil
        }
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data(("ledgerctl: " + message + "\n").utf8))
    }
}

/// A mistake in how ledgerctl was called that only shows once it runs (an unreadable file, say).
struct UsageError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
