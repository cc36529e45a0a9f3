import Mail

/// The analysed chain: every hop oldest first, the totals and a one-sentence conclusion.
public struct ReceivedChain: Sendable, Hashable {
    public var hops: [ChainHop]
    public var summary: ChainSummary
    public var conclusion: String
}

/// Judges every hop of a Received chain and decides which hops our organisation wrote.
///
/// The newest line is written first by the hop into our MTA (the connection, or in a
/// stored message the topmost Received field). Walking down, each line is ours while the
/// client it names is inside our organisation. The first line whose client is outside is
/// the boundary. Every line below it was written before the message reached us and is a
/// claim of the sender's systems.
public struct ReceivedChainAnalyzer: Sendable {
    public var classifier: HopClassifier
    public var organisation: OrganisationScope

    public init(classifier: HopClassifier = HopClassifier(), organisation: OrganisationScope) {
        self.classifier = classifier
        self.organisation = organisation
    }

    /// Analyses Received lines, topmost first. `connection` is the hop into our MTA from
    /// the milter macros; without it, `newestHeaderIsOurs` states whether our organisation
    /// wrote the topmost line, as it did in a delivered message.
    public func analyze(
        headers: [ReceivedHeader], connection: ChainHop? = nil, newestHeaderIsOurs: Bool = true
    ) -> ReceivedChain {
        var newestFirst: [ChainHop] = []
        if let connection { newestFirst.append(connection) }
        for (index, header) in headers.enumerated() {
            newestFirst.append(hop(for: header, index: index))
        }
        let breakPosition = assignTrust(
            &newestFirst, startsInOurs: connection != nil || newestHeaderIsOurs)
        for position in newestFirst.indices {
            newestFirst[position].number = newestFirst.count - position
        }
        let hops = Array(newestFirst.reversed())
        let summary = ChainSummary(
            hops: hops, receivedHeaderCount: headers.count,
            brokenBelowHop: breakPosition.map { newestFirst.count - $0 + 1 })
        return ReceivedChain(
            hops: hops, summary: summary,
            conclusion: ChainConclusion.sentence(hops: hops, summary: summary))
    }

    private func hop(for header: ReceivedHeader, index: Int) -> ChainHop {
        let result = classifier.classify(header)
        return ChainHop(
            number: 0, index: index, header: header, isConnection: false, kind: result.kind,
            tls: result.tls, reason: result.reason, writer: result.writer, isInternal: false,
            internalReason: nil, trust: .claimed)
    }

    // MARK: - Trust and internal hops

    /// Marks each hop trusted, boundary or claimed, newest first. Returns the position of
    /// the first line that our organisation did not write although no boundary came
    /// before it: the line of the hop into our organisation is missing there.
    private func assignTrust(_ hops: inout [ChainHop], startsInOurs: Bool) -> Int? {
        var inOurs = startsInOurs
        var breakPosition: Int?
        for position in hops.indices {
            let newer = position > 0 ? hops[position - 1] : nil
            if inOurs && !writerIsOurs(hops[position], newer: newer) {
                // The line was written by a server that is neither ours nor the client of
                // the line above, so the chain is broken here and nothing below is ours.
                inOurs = false
                breakPosition = position
            }
            if inOurs, let reason = clientIsOurs(hops[position]) {
                hops[position].trust = .trusted
                hops[position].isInternal = true
                hops[position].internalReason = reason
            } else if inOurs {
                hops[position].trust = .boundary
                inOurs = false
            } else {
                hops[position].trust = .claimed
                let reason = sendersInternalReason(hops[position])
                hops[position].isInternal = reason != nil
                hops[position].internalReason = reason
            }
        }
        return breakPosition
    }

    /// Returns true when the server that wrote `hop` is ours: it is in our domains or
    /// networks, or it is the client named by the newer line. The newest line is ours by
    /// the caller's premise, and a line that names no server cannot be checked.
    func writerIsOurs(_ hop: ChainHop, newer: ChainHop?) -> Bool {
        guard let newer, let by = hop.header.by, by.host != nil || by.address != nil else {
            return true
        }
        if let host = by.host, organisation.contains(host: host) { return true }
        if let address = by.address {
            if address.isLoopback || organisation.networks.contains(where: { $0.contains(address) })
            {
                return true
            }
            if address == newer.header.from?.address { return true }
        }
        guard let host = by.host.map(DomainName.normalized), let client = newer.header.from else {
            return false
        }
        let clientNames = [client.reverseName, client.host, client.helo].compactMap { $0 }
        return clientNames.contains { DomainName.normalized($0) == host }
    }

    /// Returns true for a line with neither a from nor a by clause. Nothing shows where
    /// such a hop ran, so it is never taken as internal and its TLS stays unknown.
    static func isDamaged(_ header: ReceivedHeader) -> Bool {
        header.from == nil && header.by == nil && header.origin == .network
    }

    /// Returns why the client of a line we wrote is inside our organisation, or nil when
    /// it is outside.
    func clientIsOurs(_ hop: ChainHop) -> String? {
        if let reason = ReceivedChainAnalyzer.oneHostReason(hop.kind) { return reason }
        guard let from = hop.header.from else {
            return ReceivedChainAnalyzer.isDamaged(hop.header) ? nil : "no client recorded"
        }
        if let address = from.address, organisation.contains(address: address) {
            return "client address \(address) is inside our organisation"
        }
        for name in ReceivedChainAnalyzer.peerNames(from) where organisation.contains(host: name) {
            return "client \(name) is inside our organisation"
        }
        return ReceivedChainAnalyzer.isSameHost(hop.header) ? "same host" : nil
    }

    /// Returns why a line written before our organisation describes a hop inside the
    /// sender's systems, or nil when the hop crossed between organisations.
    func sendersInternalReason(_ hop: ChainHop) -> String? {
        if let reason = ReceivedChainAnalyzer.oneHostReason(hop.kind) { return reason }
        let header = hop.header
        guard let from = header.from else {
            let isWebmail = header.protocolName == "HTTP" || header.protocolName == "HTTPS"
            if isWebmail || ReceivedChainAnalyzer.isDamaged(header) { return nil }
            return "no client recorded: a hand-over inside the writing system"
        }
        if ReceivedChainAnalyzer.isSameHost(header) { return "same host" }
        if let address = from.address, organisation.privateAddressesAreInternal,
            address.isPrivate || address.isLinkLocal
        {
            return "private client address \(address)"
        }
        guard let byHost = header.by?.host,
            let domain = DomainName.registeredDomain(of: byHost)
        else {
            return nil
        }
        for name in ReceivedChainAnalyzer.peerNames(from)
        where DomainName.registeredDomain(of: name) == domain {
            return "both hosts in \(domain)"
        }
        return nil
    }

    static func oneHostReason(_ kind: HopKind) -> String? {
        switch kind {
        case .pseudo: "a marker line, not a transfer"
        case .local: "local hand-over on one host"
        case .unixSocket: "unix socket on one host"
        case .loopback: "loopback on one host"
        case .network: nil
        }
    }

    /// Returns the names under which the client can be compared with a domain: the
    /// reverse name when the line records one, otherwise the from host. A HELO name next
    /// to a recorded reverse name is the client's claim and is not used.
    static func peerNames(_ from: ReceivedFrom) -> [String] {
        if let reverseName = from.reverseName {
            return reverseName.lowercased() == "unknown" ? [] : [reverseName]
        }
        guard let host = from.host, host.lowercased() != "unknown",
            IPAddress(lenient: host) == nil, !host.hasPrefix("[")
        else {
            return []
        }
        return [host]
    }

    static func isSameHost(_ header: ReceivedHeader) -> Bool {
        guard let from = header.from, let by = header.by else { return false }
        if let fromAddress = from.address, let byAddress = by.address, fromAddress == byAddress {
            return true
        }
        guard let byHost = by.host.map(DomainName.normalized) else { return false }
        return peerNames(from).contains { DomainName.normalized($0) == byHost }
    }
}
