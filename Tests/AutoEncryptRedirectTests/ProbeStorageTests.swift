import Foundation
import PluginAPI
import Testing

@testable import AutoEncryptRedirect

/// The storage of `tlsguard probe` results, through `OutboundInspector`: the cache file
/// that the milter and `tlsguard policy export` read, unless a command-line override
/// points the checks at test servers.
struct ProbeStorageTests {
    static let domain = "broken.test"

    /// Returns the override that the `tlsguard probe` option `option` sets. Each keeps the
    /// checks on `server`, so only the storage differs from the configured run.
    static func overrides(_ option: String, _ server: BrokenTLSServer)
        -> OutboundInspector.Overrides
    {
        switch option {
        case "--mx": .init(mxHost: "127.0.0.1")
        case "--resolver": .init(resolver: "127.0.0.1:1")
        case "--port": .init(port: server.port)
        default: .init(caFile: "/dev/null")
        }
    }

    /// Returns an inspector whose configuration probes `server` for every domain, and the
    /// path of its cache file, which does not exist yet.
    func inspector(
        _ server: BrokenTLSServer, overrides: OutboundInspector.Overrides = .init(),
        cacheFile: String? = nil
    ) throws -> (OutboundInspector, String) {
        let directory = try TestProcess.temporaryDirectory("probe-storage")
        let path = cacheFile ?? directory + "/cache"
        let configuration = try PluginConfiguration(
            descriptor: AutoEncryptRedirectPlugin.descriptor,
            overrides: [
                "auto_encrypt_cache_file": path,
                "auto_encrypt_probe_mx_host": "127.0.0.1",
                "auto_encrypt_probe_port": String(server.port),
                "auto_encrypt_probe_timeout": "10s",
                "auto_encrypt_resolver": "127.0.0.1:1",
                "auto_encrypt_dane": "no",
                "auto_encrypt_mta_sts": "no",
            ])
        return (try OutboundInspector(configuration: configuration, overrides: overrides), path)
    }

    @Test func configuredProbeIsStored() throws {
        let server = try BrokenTLSServer(failure: .garbage)
        defer { server.stop() }
        let (inspector, path) = try inspector(server)
        let summary = inspector.probe(ProbeStorageTests.domain)
        #expect(summary.assuranceName == "opportunistic")
        #expect(summary.lines.last == "cache: stored in \(path)")
        #expect(summary.json.contains(#""cache_file":"\#(path)""#), "\(summary.json)")
        let stored = AssuranceCache(path: path, capacity: 10).lookup(ProbeStorageTests.domain)
        #expect(stored?.assurance == .opportunistic)
    }

    @Test(arguments: ["--mx", "--resolver", "--port", "--ca-file"])
    func testServerResultIsNotStored(option: String) throws {
        let server = try BrokenTLSServer(failure: .garbage)
        defer { server.stop() }
        let overrides = ProbeStorageTests.overrides(option, server)
        let (inspector, path) = try inspector(server, overrides: overrides)
        #expect(inspector.resultStorage == .memoryForTestServers, "\(option)")
        let summary = inspector.probe(ProbeStorageTests.domain)
        #expect(summary.lines.last?.hasPrefix("cache: not stored, because") == true, "\(option)")
        #expect(summary.json.contains(#""cache_file":null"#), "\(option): \(summary.json)")
        #expect(!FileManager.default.fileExists(atPath: path), "\(option) wrote \(path)")
        let stored = AssuranceCache(path: path, capacity: 10).lookup(ProbeStorageTests.domain)
        #expect(stored == nil, "\(option)")
    }

    @Test func timeoutOverrideStillStores() throws {
        let server = try BrokenTLSServer(failure: .garbage)
        defer { server.stop() }
        let (inspector, path) = try inspector(server, overrides: .init(timeout: .seconds(5)))
        _ = inspector.probe(ProbeStorageTests.domain)
        let stored = AssuranceCache(path: path, capacity: 10).lookup(ProbeStorageTests.domain)
        #expect(stored?.assurance == .opportunistic)
    }

    @Test func emptyCacheFileKeepsMemory() throws {
        let server = try BrokenTLSServer(failure: .garbage)
        defer { server.stop() }
        let (inspector, _) = try inspector(server, cacheFile: "")
        #expect(inspector.resultStorage == .memory)
        let summary = inspector.probe(ProbeStorageTests.domain)
        #expect(summary.lines.last == "cache: not stored, because auto_encrypt_cache_file is empty")
    }
}
