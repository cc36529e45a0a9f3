/// A line of a Postfix TLS policy table that cannot be used.
enum PolicyMapError: Error, Sendable, Hashable, CustomStringConvertible {
    case missingLevel
    case unknownLevel(String)
    case invalidAttribute(String)
    /// An error of the line `line` of `path`, as `PostfixPolicyMap` reports it.
    case atLine(path: String, line: Int, message: String)
    case unreadable(path: String, reason: String)
    case unsupportedTable(String)

    var description: String {
        switch self {
        case .missingLevel:
            "missing security level; write a level such as 'encrypt' after the destination"
        case .unknownLevel(let word):
            "unknown security level '\(word)'; expected one of "
                + PostfixTLSPolicy.Level.allCases.map(\.rawValue).joined(separator: ", ")
        case .invalidAttribute(let field):
            "invalid attribute '\(field)'; write name=value, such as protocols=>=TLSv1.2"
        case .atLine(let path, let line, let message):
            "\(path):\(line): \(message)"
        case .unreadable(let path, let reason):
            "cannot read TLS policy table \(path): \(reason)"
        case .unsupportedTable(let spec):
            "TLS policy table '\(spec)' cannot be read by tlsguard; use a hash:, lmdb:, "
                + "btree:, cdb: or texthash: table whose source text file is at that path"
        }
    }
}
