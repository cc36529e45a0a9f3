import Mail

/// Whether one hop was encrypted, in the words of the replay and trace output.
public enum TLSVerdict: String, Sendable, Hashable, CaseIterable {
    /// The line or the connection states TLS.
    case yes
    /// Clear text: the writer records TLS whenever it is used and recorded none, or the
    /// hop never left one host.
    case no
    /// The writer does not record TLS reliably, or the line is a marker or unreadable.
    case unknown
}

/// Kind of transfer at one hop.
public enum HopKind: String, Sendable, Hashable, CaseIterable {
    /// A connection from another host.
    case network
    /// A connection from the same host over a loopback address.
    case loopback
    /// A hand-over on one host without a connection: Postfix pickup, qmail-inject, MAPI.
    case local
    /// A connection over a unix-domain socket.
    case unixSocket = "unix-socket"
    /// A marker line of the hop below it, such as qmail's `invoked from network`.
    case pseudo
}

/// How far a hop's line can be believed.
public enum HopTrust: String, Sendable, Hashable, CaseIterable {
    /// Written by our organisation about a client inside it.
    case trusted
    /// Written by our organisation about a client outside it: the hop into our
    /// organisation.
    case boundary
    /// Written before the message reached our organisation: a claim of the sender's
    /// systems that we cannot check.
    case claimed
}

/// One hop of the chain with the plugin's judgement of it.
public struct ChainHop: Sendable, Hashable {
    /// 1 for the oldest hop, counting up to the newest.
    public var number: Int
    /// The position of the Received field, 0 for the topmost; nil for the connection.
    public var index: Int?
    /// The parsed line, or for the connection a line built from the milter macros.
    public var header: ReceivedHeader
    /// True for the hop into our MTA, taken from the connection's milter macros because
    /// the MTA adds its own Received line after the milter has run.
    public var isConnection: Bool
    public var kind: HopKind
    public var tls: TLSVerdict
    /// Reason for the verdict, as a sentence fragment for trace and conclusions.
    public var reason: String
    /// The name of the signature that matched the line, such as `Postfix`.
    public var writer: String?
    /// True when the hop stayed on one host or inside one organisation.
    public var isInternal: Bool
    public var internalReason: String?
    public var trust: HopTrust

    /// True when our organisation wrote the line or, for the connection, will write it.
    public var isWrittenByUs: Bool {
        trust != .claimed
    }

    /// True for hops that count in the internet totals: not internal.
    public var isInternetHop: Bool {
        !isInternal
    }

    /// The hop as a label: `client → server`, `by server` for a line without a client,
    /// or the comment of a marker or local line that names neither.
    public var label: String {
        if header.from != nil { return fromLabel + " → " + byLabel }
        if header.by != nil { return "by " + byLabel }
        switch header.origin {
        case .marker(let text), .localSubmission(let text): return "(" + text + ")"
        case .network, .unixSocket: return "(no client or server recorded)"
        }
    }

    /// The client as a label: the reverse name or host, else the address.
    public var fromLabel: String {
        let from = header.from
        if let name = from?.reverseName, name.lowercased() != "unknown" { return name }
        if let host = from?.host, host.lowercased() != "unknown" { return host }
        if let address = from?.address { return address.description }
        return from?.host ?? "(no client recorded)"
    }

    public var byLabel: String {
        header.by?.host ?? header.by?.address?.description ?? "(no server recorded)"
    }
}
