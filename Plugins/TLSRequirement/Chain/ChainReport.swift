import PluginAPI

/// The chain as JSON values: the `hops` and `hops_summary` fields of the replay output
/// and the audit record, and the output of `tlsguard trace --json`.
///
/// The per-hop fields `from_host`, `from_ip`, `by_host`, `protocol`, `tls`,
/// `tls_version`, `cipher` and `bits` have the meanings they have for single Received
/// lines. `index` counts Received fields from the topmost, which is 0, and is null for
/// the connection.
public enum ChainReport {
    /// Returns the hops, oldest first.
    public static func hops(_ chain: ReceivedChain) -> ReportValue {
        .array(chain.hops.map(hop))
    }

    public static func hop(_ hop: ChainHop) -> ReportValue {
        let header = hop.header
        let tls = header.tls
        return .object([
            ("hop", .int(hop.number)),
            ("index", hop.index.map { .int($0) } ?? .null),
            ("source", .string(hop.isConnection ? "connection" : "received")),
            ("from_host", optional(header.from?.host)),
            ("from_ip", optional(header.from?.address?.description)),
            ("by_host", optional(header.by?.host)),
            ("protocol", optional(header.protocolName)),
            ("tls", .string(hop.tls.rawValue)),
            ("tls_version", optional(tls?.version?.rawValue)),
            ("cipher", optional(tls?.cipher)),
            ("bits", tls?.bits.map { .int($0) } ?? .null),
            ("verification", optional(tls?.verification)),
            ("authenticated", .bool(header.isAuthenticated)),
            ("date", optional(header.date?.description)),
            ("kind", .string(hop.kind.rawValue)),
            ("internal", .bool(hop.isInternal)),
            ("internal_reason", optional(hop.internalReason)),
            ("trust", .string(hop.trust.rawValue)),
            ("written_by", .string(hop.isWrittenByUs ? "ours" : "sender")),
            ("writer", optional(hop.writer)),
            ("reason", .string(hop.reason)),
        ])
    }

    /// Returns the totals and the conclusion. `first_non_tls_network_hop` and
    /// `unknown_hops` give Received field indexes; `boundary_hop` a hop number.
    public static func summary(_ chain: ReceivedChain) -> ReportValue {
        let summary = chain.summary
        let boundary = chain.hops.first { $0.trust == .boundary }
        let firstClear = chain.hops.first { $0.isInternetHop && $0.tls == .no }
        let unknownIndexes = chain.hops.filter { $0.tls == .unknown }.compactMap(\.index).sorted()
        return .object([
            ("verdict", .string(summary.verdict.rawValue)),
            ("internet", .int(summary.internetHops)),
            ("encrypted", .int(summary.encrypted)),
            ("clear", .int(summary.clear)),
            ("unknown", .int(summary.unknown)),
            ("internal", .int(summary.internalHops)),
            ("received_headers", .int(summary.receivedHeaderCount)),
            ("boundary_hop", summary.boundaryHop.map { .int($0) } ?? .null),
            ("external_boundary_index", boundary?.index.map { .int($0) } ?? .null),
            ("boundary_tls", boundary.map { .string($0.tls.rawValue) } ?? .null),
            ("all_network_hops_tls", summary.allNetworkHopsTLS.map { .bool($0) } ?? .null),
            ("first_non_tls_network_hop", firstClear?.index.map { .int($0) } ?? .null),
            ("unknown_hops", .array(unknownIndexes.map { .int($0) })),
            ("missing_boundary_below_hop", summary.brokenBelowHop.map { .int($0) } ?? .null),
            ("conclusion", .string(chain.conclusion)),
        ])
    }

    private static func optional(_ text: String?) -> ReportValue {
        text.map { .string($0) } ?? .null
    }
}
