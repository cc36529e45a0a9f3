import Glibc
import Testing

/// The per-process loopback block of the network tests (`TestNetwork`), which keeps two
/// test runs on one machine from reaching each other's servers.
struct TestNetworkTests {
    @Test func blockIsOutsideFixedAddresses() {
        let octets = TestNetwork.block.split(separator: ".").compactMap { Int($0) }
        #expect(octets.count == 3)
        #expect(octets.first == 127)
        #expect(octets.dropFirst().first.map { $0 >= 64 } == true, "\(TestNetwork.block)")
    }

    @Test func blockIsLockedForProcess() {
        let path = TestNetwork.lockDirectory + "/" + TestNetwork.block
        let descriptor = open(path, O_RDWR | O_CLOEXEC)
        defer { if descriptor >= 0 { close(descriptor) } }
        #expect(descriptor >= 0, "\(path) is missing")
        #expect(flock(descriptor, LOCK_EX | LOCK_NB) != 0, "another process could take the block")
    }

    @Test func socketInBlockIsSeen() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr(TestNetwork.address(250))
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        try #require(bound, "cannot bind \(TestNetwork.address(250))")
        try #require(listen(listener, 1) == 0)
        #expect(TestNetwork.socketsUse(TestNetwork.block))
    }
}
