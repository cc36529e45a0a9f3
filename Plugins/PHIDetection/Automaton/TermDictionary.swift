/// All terms the scanner looks for, with their roles, compiled into one automaton.
///
/// Built once when the plugin is created, from the dictionaries embedded in the binary
/// and the files named by `phi_dictionary_files`, and shared read-only by every scan.
final class TermDictionary: Sendable {
    let automaton: TermAutomaton
    /// The roles of each term id.
    let roles: [TermRole]
    /// The text of each term, lower-cased, for diagnostics and tests.
    let texts: [String]
    /// Words of the `common_word` and `first_name` sections, lower-cased. They are kept out
    /// of the automaton, because words this frequent would report a hit every few bytes.
    let wordLists: [TermRole: Set<String>]

    /// Builds the dictionary from sources written in the dictionary file format.
    ///
    /// - Throws: `PHIDetectionError.invalidDictionary` naming the source and line of the
    ///   first line it cannot read.
    init(sources: [DictionarySource]) throws(PHIDetectionError) {
        var builder = TermAutomatonBuilder()
        var roles: [TermRole] = []
        var texts: [String] = []
        var idsBySymbols: [[UInt8]: Int] = [:]
        var wordLists: [TermRole: Set<String>] = [:]

        for source in sources {
            for entry in try DictionaryFileParser.entries(of: source) {
                if let list = TermDictionary.listRoles.first(where: { entry.role == $0 }) {
                    wordLists[list, default: []].insert(entry.term.lowercased())
                    continue
                }
                let symbols = TermAutomatonBuilder.symbols(of: entry.term.utf8)
                if let id = idsBySymbols[symbols] {
                    roles[id].formUnion(entry.role)
                    continue
                }
                guard let id = builder.add(entry.term) else { continue }
                idsBySymbols[symbols] = Int(id)
                roles.append(entry.role)
                texts.append(entry.term.lowercased())
            }
        }

        self.automaton = builder.build()
        self.roles = roles
        self.texts = texts
        self.wordLists = wordLists
    }

    /// Roles whose terms go into `wordLists` instead of the automaton.
    static let listRoles: [TermRole] = [.commonWord, .firstName]

    /// The number of distinct terms.
    var count: Int { roles.count }

    /// Returns the ids of terms that have all of `role`, for tests and diagnostics.
    func termIDs(having role: TermRole) -> [Int] {
        roles.indices.filter { roles[$0].isSuperset(of: role) }
    }
}

/// A dictionary's text with the name that error messages show for it.
struct DictionarySource: Sendable {
    var name: String
    var bytes: [UInt8]
}
