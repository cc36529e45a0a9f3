/// The text form of a chain for `tlsguard trace`: a table with one row per hop, oldest
/// first, notes on why each hop got its verdict, and the conclusion.
public enum ChainTable {
    static let headings = [
        "hop", "from → by", "time (UTC)", "protocol", "TLS", "verdict", "scope", "written by",
    ]

    public static func render(_ chain: ReceivedChain) -> String {
        guard !chain.hops.isEmpty else {
            return "No Received lines.\n\nConclusion: " + chain.conclusion + "\n"
        }
        var rows = [headings]
        rows += chain.hops.map(row)
        var text = table(rows)
        text += "\nWhy:\n"
        for hop in chain.hops {
            text += "  hop \(hop.number): " + note(hop) + "\n"
        }
        text += "\nConclusion: " + chain.conclusion + "\n"
        return text
    }

    static func row(_ hop: ChainHop) -> [String] {
        let header = hop.header
        var label = hop.label
        if let address = header.from?.address, !hop.fromLabel.contains(address.description) {
            label = hop.fromLabel + " [\(address)] → " + hop.byLabel
        }
        return [
            String(hop.number), label, time(hop),
            header.protocolName ?? "-", tlsFacts(hop), verdictWord(hop.tls),
            hop.isInternal ? "internal" : "internet", writer(hop),
        ]
    }

    private static func time(_ hop: ChainHop) -> String {
        if hop.isConnection { return "now" }
        guard let date = hop.header.date?.description else { return "?" }
        return date.replacingFirst("T", with: " ").replacingFirst("Z", with: "")
    }

    private static func tlsFacts(_ hop: ChainHop) -> String {
        guard let tls = hop.header.tls else { return "-" }
        var parts: [String] = []
        if let version = tls.version { parts.append(version.rawValue) }
        if let cipher = tls.cipher { parts.append(cipher) }
        if let bits = tls.bits { parts.append("\(bits) bits") }
        return parts.isEmpty ? "TLS" : parts.joined(separator: " ")
    }

    private static func verdictWord(_ verdict: TLSVerdict) -> String {
        switch verdict {
        case .yes: "encrypted"
        case .no: "clear"
        case .unknown: "unknown"
        }
    }

    private static func writer(_ hop: ChainHop) -> String {
        switch hop.trust {
        case .trusted: "ours"
        case .boundary: "ours (boundary)"
        case .claimed: "sender (claim)"
        }
    }

    private static func note(_ hop: ChainHop) -> String {
        var text = hop.reason.prefix(1).uppercased() + hop.reason.dropFirst() + "."
        if hop.isConnection {
            text += " This is the connection to our MTA, read from the milter macros."
        }
        if hop.kind != .network {
            text += " Internal."
        } else if let reason = hop.internalReason {
            text += " Internal: \(reason)."
        } else if hop.trust == .boundary {
            text += " The hop into our organisation."
        } else {
            text += " Crosses the internet."
        }
        if hop.trust == .claimed {
            text += " Written before the message reached us, so it is the sender's claim."
        }
        return text
    }

    /// Lays out rows in columns separated by two spaces, counting characters, not bytes.
    private static func table(_ rows: [[String]]) -> String {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (column, cell) in row.enumerated() {
                widths[column] = max(widths[column], cell.count)
            }
        }
        var text = ""
        for row in rows {
            var line = ""
            for (column, cell) in row.enumerated() {
                let isLast = column == row.count - 1
                line +=
                    isLast
                    ? cell : cell + String(repeating: " ", count: widths[column] - cell.count + 2)
            }
            text += line + "\n"
        }
        return text
    }
}

extension String {
    fileprivate func replacingFirst(_ target: Character, with replacement: String) -> String {
        guard let position = firstIndex(of: target) else { return self }
        return String(self[..<position]) + replacement + String(self[index(after: position)...])
    }
}
