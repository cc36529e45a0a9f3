import Foundation
import PluginAPI
import Testing

@testable import AutoEncryptRedirect

/// Overrides in `tlsguard policy export --postfix`: each exported line must mean to
/// Postfix what the override promises, checked with Postfix's own `postmap`.
@Suite struct PolicyExportOverrideTests {
    func table(overrides: String) throws -> (text: String, warnings: [String]) {
        let configuration = try PluginConfiguration(
            descriptor: AutoEncryptRedirectPlugin.descriptor,
            overrides: [
                "auto_encrypt_tls_overrides": overrides,
                "auto_encrypt_cache_file": "",
                "auto_encrypt_probe": "no",
                "auto_encrypt_dane": "no",
                "auto_encrypt_mta_sts": "no",
            ])
        return try OutboundInspector(configuration: configuration)
            .postfixPolicyTable(minimum: "encrypted")
    }

    func entries(_ text: String) -> [String] {
        text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
    }

    @Test func daneOverrideIsExportedAsDaneOnly() throws {
        let result = try table(overrides: "dane.example=dane, only.example=dane-only")
        #expect(entries(result.text) == ["dane.example dane-only", "only.example dane-only"])
        #expect(result.warnings.isEmpty)
    }

    @Test func fingerprintOverrideIsLeftOutWithWarning() throws {
        let result = try table(overrides: "b.example=fingerprint, c.example=encrypt")
        #expect(entries(result.text) == ["c.example encrypt"])
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.hasPrefix("b.example: override 'fingerprint'") == true)
    }

    @Test(.enabled(if: TestProcess.available(["postmap"]), "needs postmap"))
    func exportedOverridesPassPostmap() throws {
        let directory = try TestProcess.temporaryDirectory("export-overrides")
        try "".write(toFile: directory + "/main.cf", atomically: true, encoding: .utf8)
        let result = try table(overrides: "dane.example=dane, b.example=fingerprint")
        let path = directory + "/tls_policy"
        try result.text.write(toFile: path, atomically: true, encoding: .utf8)

        let built = try TestProcess.run(["postmap", "-c", directory, "hash:" + path])
        #expect(built.status == 0, "\(built.output)")
        let query = ["postmap", "-c", directory, "-q"]
        let dane = try TestProcess.run(query + ["dane.example", "hash:" + path])
        #expect(dane.output == "dane-only\n")
        let pinned = try TestProcess.run(query + ["b.example", "hash:" + path])
        #expect(pinned.status == 1, "\(pinned.output)")
    }
}
