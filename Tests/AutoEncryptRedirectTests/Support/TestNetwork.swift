import Foundation
import Glibc

/// The loopback addresses that this test process's servers listen on: the block
/// 127.X.Y.0/24, with X and Y chosen at random when the block is first used.
///
/// Two test runs on one machine, such as two worktrees or CI beside a developer, then
/// listen on different addresses. Neither reaches the other's servers, and both keep the
/// fixed ports (2525, 2526, 10026) that the Postfix configurations need. A block is taken
/// only when no TCP or UDP socket uses it, and an flock(2) on a file in `lockDirectory`
/// reserves it until this process exits.
enum TestNetwork {
    /// `127.X.Y`, without the last octet.
    static let block: String = reserveBlock()

    static let lockDirectory = "/tmp/tlsguard-test-loopback"

    /// Returns the address `127.X.Y.host` in this process's block.
    static func address(_ host: Int) -> String {
        "\(block).\(host)"
    }

    private static func reserveBlock() -> String {
        var candidate = ""
        for _ in 0..<500 {
            // The second octet starts at 64, away from 127.0.0.0/16, where fixed test
            // addresses and local resolvers (127.0.0.53) live.
            candidate = "127.\(Int.random(in: 64...254)).\(Int.random(in: 0...255))"
            if reserve(candidate) { return candidate }
        }
        // NOTE: every candidate was taken, which 500 random picks out of about 49,000 blocks
        // make very unlikely. The last one is used unreserved and may collide.
        return candidate
    }

    /// Locks `block` and returns true when no socket uses it. The lock's descriptor stays
    /// open, so the lock lasts until the process exits.
    private static func reserve(_ block: String) -> Bool {
        if mkdir(lockDirectory, 0o1777) == 0 {
            chmod(lockDirectory, 0o1777)
        }
        let descriptor = open(lockDirectory + "/" + block, O_RDWR | O_CREAT | O_CLOEXEC, 0o666)
        if descriptor >= 0 && flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            close(descriptor)
            return false
        }
        guard !socketsUse(block) else {
            if descriptor >= 0 { close(descriptor) }
            return false
        }
        return true
    }

    /// Returns true when a TCP or UDP socket of any process has a local IPv4 address in
    /// `block`, as listed in /proc/net/tcp and /proc/net/udp.
    static func socketsUse(_ block: String) -> Bool {
        for table in ["/proc/net/tcp", "/proc/net/udp"] {
            let text = (try? String(contentsOfFile: table, encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ")
                if fields.count > 1, let address = localAddress(fields[1]),
                    address.hasPrefix(block + ".")
                {
                    return true
                }
            }
        }
        return false
    }

    /// Converts `0100007F:0019` to `127.0.0.1`. The kernel prints the address as one
    /// 32-bit number in host byte order, whose bytes in memory are the address octets.
    static func localAddress(_ field: Substring) -> String? {
        guard let hex = field.split(separator: ":").first, hex.count == 8,
            let number = UInt32(hex, radix: 16)
        else {
            return nil
        }
        return withUnsafeBytes(of: number) { octets in
            octets.map(String.init).joined(separator: ".")
        }
    }
}
