import ArgumentParser
import Foundation
import LedgerKit

/// The one place where a failure becomes an exit status: 1 refused, 2 usage, 3 unreachable, 4 audit.
enum Failure {
    static let refused: Int32 = 1
    static let usage: Int32 = 2
    static let unreachable: Int32 = 3
    static let auditFailed: Int32 = 4

    /// Runs `body`, printing any failure as a sentence on standard error and exiting with its status.
    static func reporting(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as LedgerError {
            printError(error.message)
            for problem in error.problems.dropFirst() { printError("  " + problem.message) }
            throw ExitCode(refused)
        } catch let error as LedgerClientError {
            printError(error.message)
            throw ExitCode(error.kind == .unreachable ? unreachable : refused)
        } catch let error as AuditError {
            printError("audit failed: " + error.message)
            throw ExitCode(auditFailed)
        } catch let error as UsageError {
            printError(error.message)
            throw ExitCode(usage)
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
