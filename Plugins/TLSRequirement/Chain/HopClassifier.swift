import Mail

/// Decides the kind and the TLS verdict of one Received line.
///
/// A line that states TLS is encrypted, whoever wrote it. A line without TLS facts is
/// clear text when the hop never left one host, or when a signature shows that its
/// writer always records TLS; otherwise the verdict is unknown.
public struct HopClassifier: Sendable {
    public var signatures: SignatureSet

    public init(signatures: SignatureSet = .builtIn) {
        self.signatures = signatures
    }

    public struct Result: Sendable, Hashable {
        public var kind: HopKind
        public var tls: TLSVerdict
        public var reason: String
        public var writer: String?
    }

    public func classify(_ header: ReceivedHeader) -> Result {
        let kind = HopClassifier.kind(of: header)
        if kind == .pseudo {
            return Result(
                kind: kind, tls: .unknown,
                reason: "a marker of the line below it, not a transfer")
        }
        let writer = signatures.match(header)
        if let tls = header.tls {
            let evidence = tls.evidence.first ?? "TLS"
            return Result(
                kind: kind, tls: .yes, reason: "the line states TLS: " + evidence,
                writer: writer?.name)
        }
        if let local = HopClassifier.localReason(kind) {
            return Result(kind: kind, tls: .no, reason: local, writer: writer?.name)
        }
        return silentResult(header, kind: kind, writer: writer)
    }

    /// Returns the verdict for a network line that states nothing about TLS.
    private func silentResult(_ header: ReceivedHeader, kind: HopKind, writer: ServerSignature?)
        -> Result
    {
        let protocolText = header.protocolName.map { "'with \($0)'" } ?? "the line"
        guard let writer else {
            let reason =
                header.protocolName == nil && !header.problems.isEmpty
                ? "the line is damaged (\(header.problems.joined(separator: ", "))) and states "
                    + "nothing about TLS"
                : "the writer is not known to record TLS, and \(protocolText) states nothing "
                    + "about it"
            return Result(kind: kind, tls: .unknown, reason: reason)
        }
        switch writer.meaning {
        case .records:
            return Result(
                kind: kind, tls: .no,
                reason: "\(writer.name) records TLS whenever it is used and recorded none",
                writer: writer.name)
        case .silent:
            return Result(
                kind: kind, tls: .unknown, reason: "\(writer.name) does not record TLS",
                writer: writer.name)
        case .misleading:
            return Result(
                kind: kind, tls: .unknown,
                reason: "\(writer.name) writes \(protocolText) even where TLS is required, so "
                    + "the line proves nothing",
                writer: writer.name)
        }
    }

    static func kind(of header: ReceivedHeader) -> HopKind {
        switch header.origin {
        case .marker: return .pseudo
        case .localSubmission: return .local
        case .unixSocket: return .unixSocket
        case .network: break
        }
        if header.from?.address?.isLoopback == true { return .loopback }
        if header.protocolName?.lowercased() == "mapi" { return .local }
        return .network
    }

    private static func localReason(_ kind: HopKind) -> String? {
        switch kind {
        case .loopback: "a loopback connection on one host"
        case .local: "a local hand-over on one host, without a network connection"
        case .unixSocket: "a unix-socket connection on one host"
        case .network, .pseudo: nil
        }
    }
}
