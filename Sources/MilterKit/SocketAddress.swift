import CMilter
import PluginAPI

#if canImport(Glibc)
    import Glibc
#endif

/// Conversion of the client address libmilter passes to the connect callback.
enum SocketAddress {
    /// Returns the address as IPv4, IPv6 or unix socket. Returns `.none` for a NULL
    /// pointer, which the MTA sends for an unknown address family, and for other families.
    static func clientAddress(_ address: UnsafeMutablePointer<sockaddr>?) -> ClientAddress {
        guard let address else { return .none }
        switch Int32(address.pointee.sa_family) {
        case AF_INET:
            return address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { inet in
                var bytes = inet.pointee.sin_addr
                return .ipv4(
                    text(family: AF_INET, &bytes, length: Int(INET_ADDRSTRLEN)),
                    port: Int(UInt16(bigEndian: inet.pointee.sin_port)))
            }
        case AF_INET6:
            return address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { inet6 in
                var bytes = inet6.pointee.sin6_addr
                return .ipv6(
                    text(family: AF_INET6, &bytes, length: Int(INET6_ADDRSTRLEN)),
                    port: Int(UInt16(bigEndian: inet6.pointee.sin6_port)))
            }
        case AF_UNIX:
            return address.withMemoryRebound(to: sockaddr_un.self, capacity: 1) { unix in
                let path = withUnsafeBytes(of: unix.pointee.sun_path) { raw in
                    String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
                }
                return .unix(path: path)
            }
        default:
            return .none
        }
    }

    private static func text<Address>(family: Int32, _ address: inout Address, length: Int)
        -> String
    {
        var buffer = [CChar](repeating: 0, count: length)
        let result = withUnsafePointer(to: &address) { pointer in
            inet_ntop(family, pointer, &buffer, socklen_t(length))
        }
        guard result != nil else { return "" }
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
