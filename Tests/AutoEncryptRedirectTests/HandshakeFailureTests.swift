import Dispatch
import Glibc
import Synchronization
import Testing

@testable import AutoEncryptRedirect

/// STARTTLS probes of servers that offer STARTTLS and then fail the handshake, and
/// connects that fail. Each failure path must free every OpenSSL object and close every
/// socket exactly once. A double free aborts the test process, so these tests fail by
/// crashing when that breaks.
struct HandshakeFailureTests {
    static let attempts = 50

    /// A TLSA record for the probe, so that the DANE set-up of the context runs too.
    static let tlsa = TLSARecord(
        usage: 3, selector: 1, matchingType: 1,
        associationData: [UInt8](repeating: 0xAB, count: 32))

    static let cases: [(BrokenTLSServer.Failure, Bool)] = BrokenTLSServer.Failure.allCases
        .flatMap { [($0, false), ($0, true)] }

    func probe(_ server: BrokenTLSServer, dane: Bool) -> HostProbe {
        STARTTLSProbe(heloName: "probe.test", timeout: .seconds(10), caFile: "").probe(
            hostname: "mx.broken.test", address: "127.0.0.1", port: server.port,
            tlsa: dane ? [HandshakeFailureTests.tlsa] : [])
    }

    @Test(arguments: cases)
    func failedHandshakeIsReportedEveryTime(failure: BrokenTLSServer.Failure, dane: Bool) throws {
        let server = try BrokenTLSServer(failure: failure)
        defer { server.stop() }
        let expected = "TLS with [127.0.0.1]:\(server.port) failed"
        for attempt in 1...HandshakeFailureTests.attempts {
            let result = probe(server, dane: dane)
            #expect(result.starttlsOffered, "attempt \(attempt)")
            #expect(result.tls == nil, "attempt \(attempt)")
            #expect(
                result.error?.contains(expected) == true,
                "attempt \(attempt): got \(result.error ?? "no error"), want \(expected)")
        }
    }

    @Test func parallelFailedHandshakesAreReported() throws {
        let server = try BrokenTLSServer(failure: .garbage)
        defer { server.stop() }
        let failed = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 40) { index in
            let result = probe(server, dane: index % 2 == 0)
            if result.tls == nil && result.error != nil {
                failed.add(1, ordering: .relaxed)
            }
        }
        #expect(failed.load(ordering: .relaxed) == 40)
    }

    @Test(arguments: BrokenTLSServer.Failure.allCases)
    func failedHandshakeMakesDomainOpportunistic(failure: BrokenTLSServer.Failure) throws {
        let server = try BrokenTLSServer(failure: failure)
        defer { server.stop() }
        var settings = ProbeSettings()
        settings.mxHostOverride = "127.0.0.1"
        settings.port = server.port
        settings.hostTimeout = .seconds(10)
        settings.daneEnabled = false
        settings.mtaSTSEnabled = false
        let report = DomainProber(settings: settings).examine("broken.test")
        let result = AssuranceCombiner.combine(
            domain: "broken.test", evidence: report.evidence, mtaSTSPatterns: [])
        #expect(result.assurance == .opportunistic, "\(result.evidence)")
        #expect(result.decidedBy == .probe)
    }

    /// A connect that fails must close its socket once. A second close(2) of the number
    /// fails with EBADF, which this test sees in `errno`. In a threaded process it could
    /// instead close a descriptor that another thread opened in between.
    @Test func refusedConnectClosesSocketOnce() throws {
        let port = try ClosedPort()
        for attempt in 1...HandshakeFailureTests.attempts {
            errno = 0
            var refused = false
            do {
                _ = try TCPConnection(address: "127.0.0.1", port: port.number, timeout: .seconds(5))
            } catch {
                refused = error.description.contains("Connection refused")
            }
            let lastError = errno
            #expect(refused, "attempt \(attempt)")
            #expect(lastError != EBADF, "attempt \(attempt): a second close(2) failed with EBADF")
        }
    }
}

/// A loopback port that refuses connections: bound by this process, never listening, so
/// no other process can take it while the test runs.
final class ClosedPort {
    let number: Int
    private let descriptor: Int32

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard descriptor >= 0, bound else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw TestEnvironmentError("cannot bind 127.0.0.1: \(reason)")
        }
        self.descriptor = descriptor
        number = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit {
        close(descriptor)
    }
}
