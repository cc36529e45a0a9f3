import Glibc
import PluginAPI
import Synchronization

/// Domain assurances with an expiry time, kept in memory and optionally in a file so that
/// `tlsguard policy export` and a restarted daemon can read what was learned.
///
/// The file is rewritten whole (temporary file, then rename) after each change, which is
/// cheap at the rate domains are probed. Its lines are
/// `domain assurance level source expires match-patterns`, tab-separated, with `-` for an
/// empty field and `expires` in seconds since 1970.
final class AssuranceCache: Sendable {
    struct Entry: Sendable, Hashable {
        var assurance: DomainAssurance
        /// Wall-clock expiry, seconds since 1970.
        var expires: Int
    }

    private let entries = Mutex<[String: Entry]>([:])
    /// The file that mirrors the cache; nil keeps it in memory only.
    let path: String?
    /// Maximum number of domains kept; past it the entries that expire first are dropped.
    let capacity: Int

    init(path: String?, capacity: Int) {
        self.path = path
        self.capacity = capacity
        if let path, let loaded = try? AssuranceCache.read(path: path) {
            entries.withLock { $0 = loaded }
        }
    }

    /// Returns the entry for `domain` unless it expired.
    func lookup(_ domain: String, now: Int = AssuranceCache.now()) -> DomainAssurance? {
        entries.withLock { table in
            guard let entry = table[domain], entry.expires > now else { return nil }
            return entry.assurance
        }
    }

    /// Stores `assurance` for `ttl` seconds and rewrites the file.
    func store(_ assurance: DomainAssurance, ttl: Int, now: Int = AssuranceCache.now()) {
        let snapshot = entries.withLock { table in
            table[assurance.domain] = Entry(assurance: assurance, expires: now + ttl)
            if table.count > capacity {
                let oldest = table.sorted { $0.value.expires < $1.value.expires }
                for (domain, _) in oldest.prefix(table.count - capacity) {
                    table[domain] = nil
                }
            }
            return table
        }
        if let path {
            try? AssuranceCache.write(snapshot, path: path)
        }
    }

    /// Returns every entry that has not expired, sorted by domain.
    func current(now: Int = AssuranceCache.now()) -> [Entry] {
        entries.withLock { table in
            table.values.filter { $0.expires > now }.sorted {
                $0.assurance.domain < $1.assurance.domain
            }
        }
    }

    static func now() -> Int {
        Int(time(nil))
    }

    // MARK: - File

    static let header = "# tlsguard TLS assurance cache, version 1"

    static func line(for entry: Entry) -> String {
        let assurance = entry.assurance
        let fields = [
            assurance.domain, assurance.assurance.rawValue,
            assurance.enforcementLevel?.rawValue ?? "-", assurance.decidedBy?.rawValue ?? "-",
            String(entry.expires),
            assurance.matchPatterns.isEmpty ? "-" : assurance.matchPatterns.joined(separator: ":"),
        ]
        return fields.joined(separator: "\t")
    }

    static func entry(from line: Substring) -> Entry? {
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 6, let level = TLSAssurance(rawValue: fields[1]),
            let expires = Int(fields[4])
        else {
            return nil
        }
        let assurance = DomainAssurance(
            domain: fields[0], assurance: level,
            decidedBy: AssuranceSource(rawValue: fields[3]),
            enforcementLevel: TLSEnforcementLevel(rawValue: fields[2]), evidence: [],
            matchPatterns: fields[5] == "-" ? [] : fields[5].split(separator: ":").map(String.init))
        return Entry(assurance: assurance, expires: expires)
    }

    static func read(path: String) throws(PolicyMapError) -> [String: Entry] {
        var table: [String: Entry] = [:]
        for line in try PostfixPolicyMap.readFile(path).split(separator: "\n")
        where !line.hasPrefix("#") {
            if let entry = entry(from: line) {
                table[entry.assurance.domain] = entry
            }
        }
        return table
    }

    static func write(_ table: [String: Entry], path: String) throws(CacheWriteError) {
        let lines = table.values.sorted { $0.assurance.domain < $1.assurance.domain }.map(line)
        let text = ([header] + lines).joined(separator: "\n") + "\n"
        let temporary = path + ".tmp"
        guard let stream = fopen(temporary, "w") else {
            throw CacheWriteError(path: temporary, reason: String(cString: strerror(errno)))
        }
        let bytes = Array(text.utf8)
        let written = fwrite(bytes, 1, bytes.count, stream)
        let closed = fclose(stream)
        guard written == bytes.count, closed == 0, rename(temporary, path) == 0 else {
            throw CacheWriteError(path: path, reason: String(cString: strerror(errno)))
        }
    }
}

/// The cache file could not be written; the cache goes on in memory.
struct CacheWriteError: Error, Sendable, CustomStringConvertible {
    var path: String
    var reason: String

    var description: String {
        "cannot write TLS assurance cache \(path): \(reason); check that the directory "
            + "exists and is writable by tlsguard"
    }
}
