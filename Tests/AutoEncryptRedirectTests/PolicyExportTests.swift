import Foundation
import PluginAPI
import Testing

@testable import AutoEncryptRedirect

/// `tlsguard policy export --postfix` through `OutboundInspector`, with results from real
/// probes, checked by Postfix's own `postmap`.
@Suite(.enabled(if: OutboundServers.toolsAvailable, "needs postfix, smtp-sink, openssl, python3"))
struct PolicyExportTests {
    func inspector(cacheFile: String, extra: [String: String] = [:]) throws -> OutboundInspector {
        let servers = try OutboundServers.get()
        var settings = servers.pluginConfig
        settings["auto_encrypt_cache_file"] = cacheFile
        let configuration = try PluginConfiguration(
            descriptor: AutoEncryptRedirectPlugin.descriptor,
            overrides: settings.merging(extra) { $1 })
        return try OutboundInspector(configuration: configuration)
    }

    @Test func exportListsConfirmedDomainsAndPassesPostmap() throws {
        let directory = try TestProcess.temporaryDirectory("export")
        let cache = directory + "/cache"
        let probing = try inspector(cacheFile: cache)
        for domain in ["tls.example", "dane.example", "expired.example", "notls.example"] {
            _ = probing.probe(domain)
        }

        let policyTable = directory + "/tls_policy"
        try "expired.example may\n".write(toFile: policyTable, atomically: true, encoding: .utf8)
        let exporting = try inspector(
            cacheFile: cache,
            extra: [
                "auto_encrypt_tls_overrides": "partner.example=verify, weak.example=may",
                "auto_encrypt_postfix_policy_maps": "hash:" + policyTable,
            ])
        let text = try exporting.postfixPolicyExport(minimum: "encrypted")
        let entries = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(
            entries == [
                "dane.example dane-only", "partner.example verify",
                "tls.example secure match=mx.tls.example",
            ])

        let table = directory + "/tlsguard_tls_policy"
        try text.write(toFile: table, atomically: true, encoding: .utf8)
        let servers = try OutboundServers.get()
        let config = servers.directory + "/recipients"
        let built = try TestProcess.run(["postmap", "-c", config, "hash:" + table])
        #expect(built.status == 0, "\(built.output)")
        let query = try TestProcess.run([
            "postmap", "-c", config, "-q", "tls.example", "hash:" + table,
        ])
        #expect(query.output == "secure match=mx.tls.example\n")
    }

    @Test func verifiedMinimumDropsEncryptOnly() throws {
        let directory = try TestProcess.temporaryDirectory("export-verified")
        let cache = directory + "/cache"
        let inspector = try inspector(cacheFile: cache)
        _ = inspector.probe("expired.example")
        _ = inspector.probe("dane.example")
        let encrypted = try inspector.postfixPolicyExport(minimum: "encrypted")
        let verified = try inspector.postfixPolicyExport(minimum: "verified")
        #expect(encrypted.contains("expired.example encrypt\n"))
        #expect(!verified.contains("expired.example"))
        #expect(verified.contains("dane.example dane-only\n"))
    }

    @Test func probeOfTestServerIsNotExported() throws {
        let servers = try OutboundServers.get()
        let directory = try TestProcess.temporaryDirectory("export-override")
        let cache = directory + "/cache"
        var settings = servers.pluginConfig
        settings["auto_encrypt_cache_file"] = cache
        let configuration = try PluginConfiguration(
            descriptor: AutoEncryptRedirectPlugin.descriptor, overrides: settings)
        let probing = try OutboundInspector(
            configuration: configuration,
            overrides: .init(mxHost: servers.tlsAddress))
        let summary = probing.probe("override.example")
        #expect(summary.assuranceName == "encrypted", "\(summary.lines)")

        let text = try inspector(cacheFile: cache).postfixPolicyExport(minimum: "encrypted")
        #expect(!text.contains("override.example"), "\(text)")
    }

    @Test func cacheFileSurvivesRestart() throws {
        let directory = try TestProcess.temporaryDirectory("export-cache")
        let cache = directory + "/cache"
        _ = try inspector(cacheFile: cache).probe("tls.example")
        let reloaded = AssuranceCache(path: cache, capacity: 10)
        let entry = try #require(reloaded.lookup("tls.example"))
        #expect(entry.assurance == .verified)
        #expect(entry.decidedBy == .mtaSTS)
        #expect(entry.enforcementLevel == .verify)
        #expect(entry.matchPatterns == ["mx.tls.example"])
    }

    @Test func probeSummaryNamesSources() throws {
        let address = try OutboundServers.get().tlsAddress
        let summary = try inspector(cacheFile: "").probe("tls.example")
        #expect(summary.assuranceName == "verified")
        #expect(summary.enforcementLevel == "verify")
        #expect(summary.lines.contains("assurance: verified (decided by mta_sts)"))
        #expect(
            summary.lines.contains { $0.hasPrefix("evidence: probe encrypted: mx.tls.example") })
        #expect(
            summary.lines.contains {
                $0.hasPrefix("host: mx.tls.example [\(address)]:2525 starttls=yes")
            })
        #expect(
            summary.json.hasPrefix(
                #"{"domain":"tls.example","assurance":"verified","source":"mta_sts""#))
    }

    @Test func invalidMinimumIsRejected() throws {
        #expect(throws: ConfigError.self) {
            try inspector(cacheFile: "").postfixPolicyExport(minimum: "opportunistic")
        }
    }
}
