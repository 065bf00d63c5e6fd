import Foundation
import LedgerKit
import Logging
import TOMLKit

/// A configuration file that cannot be used, with the key at fault.
public struct ConfigurationError: Error, CustomStringConvertible {
    public var description: String
}

extension DaemonConfiguration {
    /// Applies the keys of the TOML file at `path` on top of `self`.
    ///
    /// - Throws: ``ConfigurationError`` naming the file and key when the file cannot be read or parsed,
    ///   has an unknown key, or a value of the wrong type or range.
    public mutating func apply(tomlFile path: String) throws {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(description: "Cannot read the configuration file \(path): \(error.localizedDescription)")
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigurationError(
                description:
                    "The configuration file \(path) is not valid TOML at line \(error.source.begin.line): \(error.description)")
        }
        let reader = TOMLReader(file: path)
        try reader.checkKeys(
            table, allowed: ["daemon", "access", "limits", "storage", "postgresql", "belief", "audit"], in: nil)
        if let daemon = try reader.table(table, "daemon") {
            try reader.checkKeys(
                daemon, allowed: ["socket", "socket_mode", "socket_group", "data_dir", "log_level"], in: "daemon")
            if let socket = try reader.string(daemon, "socket", in: "daemon"), !socket.isEmpty { socketPath = socket }
            if let mode = try reader.string(daemon, "socket_mode", in: "daemon") {
                guard let bits = UInt32(mode, radix: 8), bits <= 0o777 else {
                    throw reader.error("daemon.socket_mode must be octal permission bits such as \"0660\", not \"\(mode)\"")
                }
                socketMode = bits
            }
            if let group = try reader.string(daemon, "socket_group", in: "daemon") { socketGroup = group.isEmpty ? nil : group }
            if let directory = try reader.string(daemon, "data_dir", in: "daemon"), !directory.isEmpty {
                dataDirectory = directory
            }
            if let level = try reader.string(daemon, "log_level", in: "daemon") {
                guard let parsed = Logger.Level(rawValue: level) else {
                    throw reader.error("daemon.log_level must be one of trace, debug, info, notice, warning, error, critical")
                }
                logLevel = parsed
            }
        }
        if let access = try reader.table(table, "access") {
            try reader.checkKeys(
                access,
                allowed: [
                    "append_users", "append_groups", "read_users", "read_groups", "erase_users", "erase_groups", "admin_users",
                    "admin_groups",
                ],
                in: "access")
            if let users = try reader.strings(access, "append_users", in: "access") { self.access.appendUsers = users }
            if let groups = try reader.strings(access, "append_groups", in: "access") { self.access.appendGroups = groups }
            if let users = try reader.strings(access, "read_users", in: "access") { self.access.readUsers = users }
            if let groups = try reader.strings(access, "read_groups", in: "access") { self.access.readGroups = groups }
            if let users = try reader.strings(access, "erase_users", in: "access") { self.access.eraseUsers = users }
            if let groups = try reader.strings(access, "erase_groups", in: "access") { self.access.eraseGroups = groups }
            if let users = try reader.strings(access, "admin_users", in: "access") { self.access.adminUsers = users }
            if let groups = try reader.strings(access, "admin_groups", in: "access") { self.access.adminGroups = groups }
        }
        if let limits = try reader.table(table, "limits") {
            try reader.checkKeys(
                limits,
                allowed: [
                    "max_event_bytes", "max_request_bytes", "max_batch_events", "max_header_bytes", "idle_timeout_seconds",
                    "max_connections", "shutdown_grace_seconds",
                ], in: "limits")
            if let value = try reader.positiveInt(limits, "shutdown_grace_seconds", in: "limits", atMost: 86_400) {
                self.limits.shutdownGraceSeconds = value
            }
            if let value = try reader.positiveInt(limits, "max_connections", in: "limits", atMost: 1_000_000) {
                self.limits.maximumConnections = value
            }
            if let value = try reader.positiveInt(limits, "max_event_bytes", in: "limits", atMost: 64 << 20) {
                self.limits.maximumEventBytes = value
            }
            if let value = try reader.positiveInt(limits, "max_request_bytes", in: "limits", atMost: 1 << 30) {
                self.limits.maximumRequestBytes = value
            }
            if let value = try reader.positiveInt(limits, "max_batch_events", in: "limits", atMost: 1_000_000) {
                self.limits.maximumBatchEvents = value
            }
            if let value = try reader.positiveInt(limits, "max_header_bytes", in: "limits", atMost: 1 << 20) {
                self.limits.maximumHeaderBytes = value
            }
            if let value = try reader.positiveInt(limits, "idle_timeout_seconds", in: "limits", atMost: 86_400) {
                self.limits.idleTimeoutSeconds = value
            }
        }
        if let belief = try reader.table(table, "belief") {
            try reader.checkKeys(belief, allowed: ["multi_valued"], in: "belief")
            if let predicates = try reader.strings(belief, "multi_valued", in: "belief") {
                multiValuedPredicates = Set(predicates.map(\.exact))
            }
        }
        if let audit = try reader.table(table, "audit") {
            try reader.checkKeys(audit, allowed: ["origin"], in: "audit")
            if let value = try reader.string(audit, "origin", in: "audit"), !value.isEmpty {
                guard !value.contains(where: { $0 == "+" || $0.isWhitespace }) else {
                    throw reader.error("audit.origin must have no spaces or '+', such as \"newsroom.example/ledger\"")
                }
                origin = value
            }
        }
        if let storage = try reader.table(table, "storage") {
            try reader.checkKeys(storage, allowed: ["backend", "initial_map_mib", "max_map_mib", "durable"], in: "storage")
            if let value = try reader.string(storage, "backend", in: "storage") {
                guard let backend = Backend(rawValue: value) else {
                    throw reader.error("storage.backend must be \"lmdb\" or \"postgresql\"")
                }
                self.storage.backend = backend
            }
            if let value = storage["durable"] {
                guard let flag = value.bool else { throw reader.error("storage.durable must be true or false") }
                self.storage.isDurable = flag
            }
            if let value = try reader.positiveInt(storage, "initial_map_mib", in: "storage", atMost: 1 << 24) {
                self.storage.initialMapMiB = value
            }
            if let value = try reader.positiveInt(storage, "max_map_mib", in: "storage", atMost: 1 << 24) {
                self.storage.maximumMapMiB = value
            }
        }
        if let postgreSQL = try reader.table(table, "postgresql") {
            try reader.checkKeys(postgreSQL, allowed: ["url", "read_wait_ms", "poll_ms"], in: "postgresql")
            if let value = try reader.positiveInt(postgreSQL, "read_wait_ms", in: "postgresql", atMost: 3_600_000) {
                self.storage.readWaitMilliseconds = value
            }
            if let value = try reader.positiveInt(postgreSQL, "poll_ms", in: "postgresql", atMost: 3_600_000) {
                self.storage.pollMilliseconds = value
            }
            if let value = try reader.string(postgreSQL, "url", in: "postgresql") { self.storage.postgreSQLURL = value }
        }
        if self.storage.backend == .postgresql, self.storage.postgreSQLURL == nil {
            throw reader.error(
                "storage.backend = \"postgresql\" needs [postgresql] url = \"postgresql://USER@/DATABASE?host=/run/postgresql\"")
        }
    }
}

/// Typed reads of TOML values with errors that name the file and the key.
private struct TOMLReader {
    let file: String

    func error(_ message: String) -> ConfigurationError {
        ConfigurationError(description: "In \(file): \(message).")
    }

    func checkKeys(_ table: TOMLTable, allowed: Set<String>, in section: String?) throws {
        for key in table.keys.sorted() where !allowed.contains(key) {
            let name = section.map { "\($0).\(key)" } ?? key
            throw error("\(name) is not a known key; the keys are \(allowed.sorted().joined(separator: ", "))")
        }
    }

    func table(_ table: TOMLTable, _ key: String) throws -> TOMLTable? {
        guard let value = table[key] else { return nil }
        guard let nested = value.table else { throw error("[\(key)] must be a table") }
        return nested
    }

    func string(_ table: TOMLTable, _ key: String, in section: String) throws -> String? {
        guard let value = table[key] else { return nil }
        guard let string = value.string else { throw error("\(section).\(key) must be a string") }
        return string
    }

    func strings(_ table: TOMLTable, _ key: String, in section: String) throws -> [String]? {
        guard let value = table[key] else { return nil }
        guard let array = value.array else { throw error("\(section).\(key) must be an array of strings") }
        return try array.map { element in
            guard let string = element.string else { throw error("\(section).\(key) must be an array of strings") }
            return string
        }
    }

    /// A whole number from 1 to `maximum`: a value past any sensible setting is a typo, and would overflow
    /// the units it is turned into.
    func positiveInt(_ table: TOMLTable, _ key: String, in section: String, atMost maximum: Int) throws -> Int? {
        guard let value = table[key] else { return nil }
        guard let number = value.int, number > 0, number <= maximum else {
            throw error("\(section).\(key) must be a whole number from 1 to \(maximum)")
        }
        return number
    }
}
