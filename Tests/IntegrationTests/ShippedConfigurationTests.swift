import Foundation
import Testing

/// The shipped configuration file and the generated configuration reference stay true.
@Suite struct ShippedConfigurationTests {
    static let tlsguard = TestEnvironment.executable("tlsguard")
    static let shippedFile = TestEnvironment.packageRoot.appendingPathComponent("Conf/tlsguard.conf")

    @Test func shippedFilePassesCheck() throws {
        let result = try runCommand(Self.tlsguard, ["check-config", "--config", Self.shippedFile.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("# plugins in run order: tls_requirement -> phi_detection"))
    }

    /// Every commented example line, uncommented, is a known key with a valid value. Lines
    /// that name files an installation would have to create are left out.
    @Test func commentedExamplesAreValid() throws {
        let needsFiles = [
            "plugin_paths", "phi_dictionary_files", "auto_encrypt_postfix_policy_maps",
            "auto_encrypt_smime_certificates",
        ]
        let text = try String(contentsOf: Self.shippedFile, encoding: .utf8)
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var current = String(line)
            let name = current.dropFirst().prefix { $0.isLetter || $0 == "_" }
            if current.hasPrefix("#"), !name.isEmpty, current.dropFirst(name.count + 1).hasPrefix(" = ") {
                current.removeFirst()
            }
            let key = current.prefix { $0.isLetter || $0 == "_" }
            if needsFiles.contains(String(key)) { continue }
            lines.append(current)
        }
        let directory = try TestEnvironment.makeTemporaryDirectory("conf")
        let path = directory.appendingPathComponent("uncommented.conf").path
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let result = try runCommand(Self.tlsguard, ["check-config", "--config", path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("auto_encrypt_gateway_address = secure@gateway.example.net"))
    }

    @Test func referenceMatchesKeyTables() throws {
        let result = try runCommand(Self.tlsguard, ["check-config", "--reference"])
        #expect(result.status == 0)
        let document = try String(
            contentsOf: TestEnvironment.packageRoot.appendingPathComponent("Docs/configuration.md"),
            encoding: .utf8)
        #expect(
            document == result.output,
            "Docs/configuration.md is out of date; regenerate it with 'tlsguard check-config --reference > Docs/configuration.md'"
        )
    }
}
