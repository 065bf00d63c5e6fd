import Foundation

/// The facts a reader needs to weigh the figures: cores, CPU, memory, kernel, and the disk under `directory`.
enum Machine {
    static func facts(directory: String) -> [String] {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model =
            cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }?.split(separator: ":").last?
            .trimmingCharacters(in: .whitespaces) ?? "unknown"
        let kernel = ((try? String(contentsOfFile: "/proc/sys/kernel/osrelease", encoding: .utf8)) ?? "unknown")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let memory = ProcessInfo.processInfo.physicalMemory / (1 << 30)
        return [
            "cores: \(ProcessInfo.processInfo.activeProcessorCount) (\(model)), memory \(memory) GiB",
            "kernel: Linux \(kernel)",
            "disk: \(disk(under: directory))",
        ]
    }

    /// The device, filesystem and kind (rotational or not, as the kernel reports it) holding `directory`.
    private static func disk(under directory: String) -> String {
        let output = Pipe()
        let df = Process()
        df.executableURL = URL(fileURLWithPath: "/bin/df")
        df.arguments = ["--output=source,fstype,size,avail", "-h", directory]
        df.standardOutput = output
        guard (try? df.run()) != nil else { return "unknown" }
        df.waitUntilExit()
        let lines = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
        guard lines.count == 2 else { return "unknown" }
        let fields = lines[1].split(separator: " ")
        guard fields.count == 4 else { return String(lines[1]) }
        let device = fields[0].split(separator: "/").last.map(String.init) ?? ""
        let block = device.replacingOccurrences(of: #"p?[0-9]+$"#, with: "", options: .regularExpression)
        let rotational = (try? String(contentsOfFile: "/sys/block/\(block)/queue/rotational", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let kind =
            rotational == "0"
            ? "non-rotational" : rotational == "1" ? "reported rotational (virtual disks often are)" : "kind unknown"
        return "\(fields[0]) \(fields[1]), \(fields[2]) (\(fields[3]) free), \(kind), under \(directory)"
    }
}
