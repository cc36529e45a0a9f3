/// Verdict on the chain as a whole.
public enum ChainVerdict: String, Sendable, Hashable, CaseIterable {
    /// Every internet hop stated TLS, and there was at least one Received line.
    case encrypted
    /// At least one internet hop was in clear text.
    case clear
    /// No hop was in clear, but at least one internet hop is unknown, the message has no
    /// Received lines, or the line of the hop into our organisation is missing.
    case unknown
    /// Every hop stayed on one host or inside one organisation.
    case `internal`
}

/// The totals of a chain. Internet hops are the hops that are not internal; internal hops
/// are reported but never counted as exposures.
public struct ChainSummary: Sendable, Hashable {
    public var internetHops = 0
    public var encrypted = 0
    public var clear = 0
    public var unknown = 0
    public var internalHops = 0
    /// Hop numbers of internet hops in clear, oldest first.
    public var clearHops: [Int] = []
    /// Hop numbers of internet hops whose TLS is unknown, oldest first.
    public var unknownHops: [Int] = []
    /// Hop numbers of internal hops whose TLS is unknown, oldest first.
    public var unjudgedInternalHops: [Int] = []
    /// The number of the hop into our organisation, when the chain shows one.
    public var boundaryHop: Int?
    /// Over every hop of kind network, internal ones included: false when one was in
    /// clear, nil when none was in clear but one is unknown, true when all stated TLS.
    public var allNetworkHopsTLS: Bool?
    public var receivedHeaderCount: Int
    /// Set when the lines our organisation wrote end without a hop into it: the line
    /// below this hop number was written elsewhere, so the hop into our organisation is
    /// missing from the chain.
    public var brokenBelowHop: Int?
    public var verdict: ChainVerdict = .unknown

    init(hops: [ChainHop], receivedHeaderCount: Int, brokenBelowHop: Int? = nil) {
        self.receivedHeaderCount = receivedHeaderCount
        self.brokenBelowHop = brokenBelowHop
        for hop in hops {
            count(hop)
        }
        boundaryHop = hops.first(where: { $0.trust == .boundary })?.number
        allNetworkHopsTLS = ChainSummary.allTLS(hops.filter { $0.kind == .network })
        verdict = decideVerdict()
    }

    private mutating func count(_ hop: ChainHop) {
        guard hop.isInternetHop else {
            internalHops += 1
            if hop.tls == .unknown && hop.kind != .pseudo {
                unjudgedInternalHops.append(hop.number)
            }
            return
        }
        internetHops += 1
        switch hop.tls {
        case .yes:
            encrypted += 1
        case .no:
            clear += 1
            clearHops.append(hop.number)
        case .unknown:
            unknown += 1
            unknownHops.append(hop.number)
        }
    }

    private static func allTLS(_ hops: [ChainHop]) -> Bool? {
        if hops.contains(where: { $0.tls == .no }) { return false }
        if hops.isEmpty || hops.contains(where: { $0.tls == .unknown }) { return nil }
        return true
    }

    /// Decides the verdict. "Every hop encrypted" is never true for an empty list: a
    /// message without Received lines has an unknown path before its last hop.
    private func decideVerdict() -> ChainVerdict {
        if clear > 0 { return .clear }
        if unknown > 0 || receivedHeaderCount == 0 || brokenBelowHop != nil { return .unknown }
        return internetHops > 0 ? .encrypted : .internal
    }
}
