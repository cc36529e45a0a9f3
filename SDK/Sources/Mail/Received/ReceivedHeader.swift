/// One `Received:` header field value, parsed into the clauses of RFC 5321 section 4.4
/// and the TLS and authentication facts that MTAs write into comments.
///
/// The value states what the header states and never decides policy. Whether silence
/// about TLS means clear text depends on which software wrote the line, and that is the
/// TLS requirement plugin's decision, not the parser's.
public struct ReceivedHeader: Sendable, Hashable {
    /// The `from` clause: the client as the receiving MTA recorded it; nil when absent.
    public var from: ReceivedFrom?
    /// The `by` clause: the MTA that wrote the line; nil when absent.
    public var by: ReceivedBy?
    /// The protocol of the `with` clause, normalised by `ReceivedProtocol.normalized(_:)`;
    /// nil when the line has no `with` clause.
    public var protocolName: String?
    /// Every `with` value as written, in order (Mimecast writes two).
    public var withValues: [String]
    public var id: String?
    /// The `for` clause without angle brackets, such as `carol@example.org` or
    /// `multiple recipients`.
    public var recipient: String?
    /// The envelope sender that Exim and Haraka record as `envelope-from <…>`.
    public var envelopeSender: String?
    public var via: String?
    /// The date after the last `;` outside comments, or found by its shape when the `;`
    /// is missing; nil when no valid date was found.
    public var date: ReceivedDate?
    /// The date text as written, comments removed.
    public var dateText: String?
    /// The TLS facts when the line states encryption; nil when it states nothing about it.
    public var tls: ReceivedTLS?
    /// True when the line states SMTP authentication: an `A` protocol keyword such as
    /// `ESMTPSA`, or an authentication comment from Postfix, sendmail or Courier.
    public var isAuthenticated: Bool
    public var origin: ReceivedOrigin
    /// Every comment outside other comments, with the clause it follows.
    public var comments: [ReceivedComment]
    /// Problems found in the value, for logs and `tlsguard trace`; empty for a sound value.
    public var problems: [String]

    public init(
        from: ReceivedFrom? = nil, by: ReceivedBy? = nil, protocolName: String? = nil,
        withValues: [String] = [], id: String? = nil, recipient: String? = nil,
        envelopeSender: String? = nil, via: String? = nil, date: ReceivedDate? = nil,
        dateText: String? = nil, tls: ReceivedTLS? = nil, isAuthenticated: Bool = false,
        origin: ReceivedOrigin = .network, comments: [ReceivedComment] = [],
        problems: [String] = []
    ) {
        self.from = from
        self.by = by
        self.protocolName = protocolName
        self.withValues = withValues
        self.id = id
        self.recipient = recipient
        self.envelopeSender = envelopeSender
        self.via = via
        self.date = date
        self.dateText = dateText
        self.tls = tls
        self.isAuthenticated = isAuthenticated
        self.origin = origin
        self.comments = comments
        self.problems = problems
    }

    /// Returns the comments that follow `clause`, in order.
    public func comments(after clause: ReceivedClauseName) -> [String] {
        comments.filter { $0.clause == clause }.map(\.text)
    }
}

/// The `from` clause of a Received line.
public struct ReceivedFrom: Sendable, Hashable {
    /// The first word or address literal after `from`, verbatim: a HELO name, a reverse
    /// DNS name or `[192.0.2.1]`, depending on the MTA. Nil when `from` has no value.
    public var host: String?
    /// The name the client gave in HELO or EHLO, when the line shows which word it is.
    public var helo: String?
    /// The client's reverse DNS name, when the line shows which word it is. `unknown`
    /// means the MTA looked the name up and found none.
    public var reverseName: String?
    /// The client's IP address as recorded by the receiving MTA: the TCP-info address when
    /// there is one, otherwise an address given as the host.
    public var address: IPAddress?
    public var port: Int?
    /// True for `[unix socket]`, as Cyrus writes for LMTP over a local socket.
    public var isUnixSocket: Bool

    public init(
        host: String? = nil, helo: String? = nil, reverseName: String? = nil,
        address: IPAddress? = nil, port: Int? = nil, isUnixSocket: Bool = false
    ) {
        self.host = host
        self.helo = helo
        self.reverseName = reverseName
        self.address = address
        self.port = port
        self.isUnixSocket = isUnixSocket
    }
}

/// The `by` clause of a Received line.
public struct ReceivedBy: Sendable, Hashable {
    /// The first word after `by`, verbatim; nil when `by` has no usable value.
    public var host: String?
    /// The writing MTA's own address, from a comment after the host (Exchange, MDaemon).
    public var address: IPAddress?

    public init(host: String? = nil, address: IPAddress? = nil) {
        self.host = host
        self.address = address
    }
}

/// A comment of a Received line and the clause it follows.
public struct ReceivedComment: Sendable, Hashable {
    public var clause: ReceivedClauseName
    /// The text inside the outer parentheses, unfolded; nested comments are kept as text.
    public var text: String

    public init(clause: ReceivedClauseName, text: String) {
        self.clause = clause
        self.text = text
    }
}

/// The clauses of a Received line, plus the non-standard ones that MTAs write.
public enum ReceivedClauseName: String, Sendable, Hashable, CaseIterable {
    /// Before the first clause, as in qmail's comment-only lines.
    case leading
    case from, by, via, with, id
    case `for`
    /// The RFC 8314 `tls` clause: `tls TLS_AES_256_GCM_SHA384`.
    case tls
    /// Haraka's bare `envelope-from <…>`.
    case envelopeFrom = "envelope-from"
    /// After the `;` that starts the date.
    case date
}

/// The source of the message, as far as the line shows it.
public enum ReceivedOrigin: Sendable, Hashable {
    /// An SMTP, LMTP or HTTP client over the network, loopback included.
    case network
    /// A program on the writing host handed the message over without a network
    /// connection: Postfix pickup (`from userid 33`), qmail `invoked by uid`, sendmail
    /// `(from user@localhost)`, Exim `with local`. The text names the mechanism.
    case localSubmission(String)
    /// LMTP or SMTP over a unix-domain socket (`[unix socket]`).
    case unixSocket
    /// A comment-only line that records an event rather than a transfer, such as qmail's
    /// `(qmail 123 invoked from network)`, which belongs to the line below it.
    case marker(String)
}
