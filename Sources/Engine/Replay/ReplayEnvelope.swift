import Mail
import PluginAPI

/// The envelope and connection of a replayed message: given on the command line or
/// derived from its headers, with the list of facts that were derived.
struct ReplayEnvelope {
    var connection: ConnectionInfo
    var sender: EnvelopeAddress
    var recipients: [EnvelopeAddress]
    /// Header fields as the milter would see them: without the topmost Received field
    /// when the connection was derived from it, because an MTA adds its own Received field
    /// after its milters have run.
    var headers: [HeaderField]
    var derived: [String]

    init(
        options: ReplayOptions, headers: [HeaderField],
        deriveHop: ([UInt8]) -> DerivedHop?
    ) {
        var derived: [String] = []
        var visible = headers

        let connectionGiven = options.tlsGiven || options.clientAddress != nil
            || options.helo != nil
        var hop: DerivedHop?
        if !connectionGiven, let index = headers.firstIndex(where: { $0.hasName("Received") }) {
            hop = deriveHop(headers[index].rawValue)
            if hop != nil {
                visible.remove(at: index)
            }
        }
        connection = ReplayEnvelope.connection(options: options, hop: hop, derived: &derived)
        sender = ReplayEnvelope.sender(options: options, headers: headers, derived: &derived)
        recipients = ReplayEnvelope.recipients(
            options: options, headers: headers, derived: &derived)
        self.headers = visible
        self.derived = derived
    }

    private static func connection(
        options: ReplayOptions, hop: DerivedHop?, derived: inout [String]
    ) -> ConnectionInfo {
        var connection = ConnectionInfo()
        if let address = options.clientAddress {
            connection.clientAddress = clientAddress(address)
        } else if let address = hop?.clientAddress {
            connection.clientAddress = clientAddress(address)
            derived.append("client_addr")
        }
        connection.clientHostname = options.clientName ?? hop?.clientName
        if options.clientName == nil && hop?.clientName != nil {
            derived.append("client_name")
        }
        connection.helo = options.helo ?? hop?.helo
        if options.helo == nil && hop?.helo != nil {
            derived.append("helo")
        }
        if options.tlsGiven {
            connection.tls = options.givenTLS
        } else {
            connection.tls = hop?.tls
            derived.append("tls")
        }
        return connection
    }

    static func clientAddress(_ text: String) -> ClientAddress {
        text.contains(":") ? .ipv6(text, port: 0) : .ipv4(text, port: 0)
    }

    private static func sender(
        options: ReplayOptions, headers: [HeaderField], derived: inout [String]
    ) -> EnvelopeAddress {
        if let given = options.sender {
            return EnvelopeAddress(raw: "<" + EnvelopeAddress(raw: given).address + ">")
        }
        derived.append("sender")
        for name in ["Return-Path", "Sender", "From"] {
            if let field = headers.first(where: { $0.hasName(name) }),
                let address = HeaderAddresses.addresses(in: field.rawValue).first
            {
                return EnvelopeAddress(raw: "<" + address + ">")
            }
        }
        return EnvelopeAddress(raw: "<>")
    }

    private static func recipients(
        options: ReplayOptions, headers: [HeaderField], derived: inout [String]
    ) -> [EnvelopeAddress] {
        if !options.recipients.isEmpty {
            return options.recipients.map {
                EnvelopeAddress(raw: "<" + EnvelopeAddress(raw: $0).address + ">")
            }
        }
        derived.append("recipients")
        for names in [["Delivered-To"], ["X-Original-To"], ["To", "Cc", "Bcc"]] {
            var found: [String] = []
            for field in headers where names.contains(where: field.hasName) {
                for address in HeaderAddresses.addresses(in: field.rawValue)
                where !found.contains(address) {
                    found.append(address)
                }
                if names == ["Delivered-To"] || names == ["X-Original-To"] { break }
            }
            if !found.isEmpty {
                return found.map { EnvelopeAddress(raw: "<" + $0 + ">") }
            }
        }
        return []
    }
}

/// A small extraction of addresses from To, Cc, From or Return-Path values.
// TODO: replace with the Mail module's RFC 5322 address-list parser, which handles
// groups, comments and quoted display names that contain commas.
enum HeaderAddresses {
    static func addresses(in raw: [UInt8]) -> [String] {
        let text = String(decoding: raw, as: UTF8.self)
        var result: [String] = []
        for item in text.split(separator: ",") {
            if let open = item.lastIndex(of: "<"), let close = item.lastIndex(of: ">"),
                open < close
            {
                let address = item[item.index(after: open)..<close].trimmingBlanks()
                if !address.isEmpty { result.append(address) }
                continue
            }
            let bare = item.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
                .first { $0.contains("@") }
            if let bare { result.append(String(bare)) }
        }
        return result
    }
}
