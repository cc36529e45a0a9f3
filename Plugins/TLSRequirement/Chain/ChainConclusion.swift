/// The one-sentence conclusion of a chain, written for a reader who knows nothing about
/// header formats: the internet hops and their TLS, the hops in clear or unknown with the
/// reason, and what that means for the message.
enum ChainConclusion {
    /// Maximum number of hops described one by one; the rest are only counted.
    static let maxDescribedHops = 3

    static func sentence(hops: [ChainHop], summary: ChainSummary) -> String {
        let byNumber = Dictionary(uniqueKeysWithValues: hops.map { ($0.number, $0) })
        var text = totals(summary, hops: byNumber)
        if let boundary = summary.boundaryHop.flatMap({ byNumber[$0] }), boundary.tls == .yes {
            text += "; hop \(boundary.number) into our organisation " + encryption(of: boundary)
        }
        if !summary.unjudgedInternalHops.isEmpty {
            let described = describe(summary.unjudgedInternalHops, in: byNumber)
            let noun = summary.unjudgedInternalHops.count == 1 ? "hop" : "hops"
            text += "; internal \(noun) not judged (\(described))"
        }
        if summary.receivedHeaderCount == 0 {
            text += "; the message has no Received lines"
        }
        if let hop = summary.brokenBelowHop {
            text += "; the line of the hop into our organisation is missing below hop \(hop)"
        }
        return text + ", so " + consequence(summary) + "."
    }

    private static func totals(_ summary: ChainSummary, hops: [Int: ChainHop]) -> String {
        guard summary.internetHops > 0 else { return "No internet hops" }
        var parts: [String] = []
        if summary.encrypted > 0 { parts.append("\(summary.encrypted) encrypted") }
        if summary.clear > 0 {
            parts.append("\(summary.clear) in clear (\(describe(summary.clearHops, in: hops)))")
        }
        if summary.unknown > 0 {
            parts.append("\(summary.unknown) unknown (\(describe(summary.unknownHops, in: hops)))")
        }
        let noun = summary.internetHops == 1 ? "internet hop" : "internet hops"
        return "\(summary.internetHops) \(noun): " + parts.joined(separator: ", ")
    }

    /// Describes hops as `hop 2, a.example → b.example: reason`, joined with `; `.
    private static func describe(_ numbers: [Int], in hops: [Int: ChainHop]) -> String {
        var descriptions = numbers.prefix(maxDescribedHops).compactMap { number in
            hops[number].map { "hop \(number), \($0.label): \($0.reason)" }
        }
        if numbers.count > maxDescribedHops {
            descriptions.append("and \(numbers.count - maxDescribedHops) more")
        }
        return descriptions.joined(separator: "; ")
    }

    private static func encryption(of hop: ChainHop) -> String {
        switch hop.header.tls?.version {
        case .none: "was encrypted"
        case .any: "was encrypted with an unrecorded TLS version"
        case .some(let version): "used " + version.rawValue
        }
    }

    private static func consequence(_ summary: ChainSummary) -> String {
        switch summary.verdict {
        case .clear:
            return "the message crossed the internet in clear text"
        case .unknown where summary.receivedHeaderCount == 0 && summary.internetHops > 0:
            return "the path before the message reached us is unknown"
        case .unknown where summary.receivedHeaderCount == 0:
            return "its path is unknown"
        case .unknown where summary.brokenBelowHop != nil && summary.unknown == 0:
            return "the hop into our organisation cannot be judged"
        case .unknown:
            return "encryption on every internet hop is not proven"
        case .encrypted:
            return "every internet hop was encrypted"
        case .internal:
            return "the message never crossed the internet"
        }
    }
}
