import Foundation
import Testing

/// Every ledgerctl command spells its own name: without one, ArgumentParser derives it from the type's
/// name at every start (`String(describing:)`, a scan of every protocol conformance in the binary), which
/// was a third of `ledgerctl --version`'s time.
@Suite("ledgerctl command names")
struct CommandNameTests {
    @Test("each CommandConfiguration of ledgerctl gives commandName")
    func everyCommandNamesItself() throws {
        let folder = DependencyTableTests.repository.appendingPathComponent("Sources/ledgerctl")
        let enumerator = try #require(FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil))
        var configurations = 0
        for case let url as URL in enumerator where url.pathExtension == "swift" {
            let text = try String(contentsOf: url, encoding: .utf8)
            var rest = text[...]
            while let start = rest.range(of: "CommandConfiguration(") {
                configurations += 1
                let call = rest[start.upperBound...].prefix(200)
                #expect(
                    call.contains("commandName:"),
                    "\(url.lastPathComponent): a CommandConfiguration without commandName: \(call.prefix(80))")
                rest = rest[start.upperBound...]
            }
        }
        #expect(configurations >= 20)
    }
}
