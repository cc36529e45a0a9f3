import PluginAPI

/// A Postfix `smtp_tls_policy_maps` table read from its source text, the file that
/// `postmap` compiles.
///
/// Keys follow Postfix's rules for this table: `example.com` matches that domain only,
/// `.example.com` matches its subdomains, and `[mx.example.net]:25` or `[mx.example.net]`
/// match a next-hop given in brackets (a relayhost or transport entry), never a recipient
/// domain. Lines whose first non-blank character is `#` are comments; a line that starts
/// with white space continues the previous one. As with `postmap`, the first entry for a
/// key wins.
struct PostfixPolicyMap: Sendable {
    private(set) var domains: [String: PostfixTLSPolicy] = [:]
    private(set) var parentDomains: [String: PostfixTLSPolicy] = [:]
    private(set) var nextHops: [String: PostfixTLSPolicy] = [:]
    /// Keys in file order, for listing.
    private(set) var keys: [String] = []

    init() {}

    /// Parses `text`; `path` names the file in errors.
    init(text: String, path: String) throws(PolicyMapError) {
        for (line, entry) in PostfixPolicyMap.logicalLines(text) {
            let fields = entry.split(
                maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count == 2 else {
                throw .atLine(path: path, line: line, message: "missing value for key '\(entry)'")
            }
            do {
                let policy = try PostfixTLSPolicy(parsing: String(fields[1]))
                add(key: String(fields[0]), policy: policy)
            } catch {
                throw .atLine(path: path, line: line, message: error.description)
            }
        }
    }

    /// Reads the tables of a `smtp_tls_policy_maps` value, such as
    /// `hash:/etc/postfix/tls_policy`, in order. The first table with an entry wins.
    static func load(tables specs: [String]) throws(PolicyMapError) -> PostfixPolicyMap {
        var combined = PostfixPolicyMap()
        for spec in specs {
            let path = try sourcePath(of: spec)
            let table = try PostfixPolicyMap(text: try readFile(path), path: path)
            for key in table.keys {
                if let policy = table.policy(forKey: key) {
                    combined.add(key: key, policy: policy)
                }
            }
        }
        return combined
    }

    /// Returns the entry that applies to mail for `domain`, and the key that matched.
    func lookup(domain: String) -> (key: String, policy: PostfixTLSPolicy)? {
        let name = domain.lowercased()
        if let policy = domains[name] {
            return (name, policy)
        }
        var rest = Substring(name)
        while let dot = rest.firstIndex(of: ".") {
            rest = rest[rest.index(after: dot)...]
            if let policy = parentDomains[String(rest)] {
                return ("." + rest, policy)
            }
        }
        return nil
    }

    func policy(forKey key: String) -> PostfixTLSPolicy? {
        if key.hasPrefix("[") { return nextHops[key] }
        if key.hasPrefix(".") { return parentDomains[String(key.dropFirst())] }
        return domains[key]
    }

    private mutating func add(key rawKey: String, policy entry: PostfixTLSPolicy) {
        let key = rawKey.lowercased()
        guard self.policy(forKey: key) == nil else { return }
        if key.hasPrefix("[") {
            nextHops[key] = entry
        } else if key.hasPrefix(".") {
            parentDomains[String(key.dropFirst())] = entry
        } else {
            domains[key] = entry
        }
        keys.append(key)
    }

    /// Logical lines with the number of their first physical line.
    static func logicalLines(_ text: String) -> [(Int, String)] {
        var result: [(Int, String)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated()
        {
            let content = line.hasSuffix("\r") ? line.dropLast() : line
            let trimmed = content.trimmingSpaces()
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if content.first == " " || content.first == "\t", !result.isEmpty {
                result[result.count - 1].1 += " " + trimmed
            } else {
                result.append((index + 1, trimmed))
            }
        }
        return result
    }

    /// Returns the source file of an indexed table: the path after the type, which `postmap`
    /// reads to build `path.db` or `path.lmdb`. A bare path is taken as it is.
    static func sourcePath(of spec: String) throws(PolicyMapError) -> String {
        guard let colon = spec.firstIndex(of: ":") else { return spec }
        let type = spec[..<colon]
        guard ["hash", "btree", "lmdb", "cdb", "dbm", "sdbm", "texthash"].contains(type) else {
            throw .unsupportedTable(spec)
        }
        return String(spec[spec.index(after: colon)...])
    }

    static func readFile(_ path: String) throws(PolicyMapError) -> String {
        do {
            return String(decoding: try FileContents.read(path), as: UTF8.self)
        } catch {
            throw .unreadable(path: path, reason: error.reason)
        }
    }
}
