/// The dictionaries compiled into the plugin from `Dictionaries/*.txt`.
enum BuiltInDictionaries {
    static var sources: [DictionarySource] {
        [
            DictionarySource(name: "keywords.txt", bytes: PackageResources.keywords_txt),
            DictionarySource(name: "drugs.txt", bytes: PackageResources.drugs_txt),
            DictionarySource(name: "conditions.txt", bytes: PackageResources.conditions_txt),
            DictionarySource(name: "procedures.txt", bytes: PackageResources.procedures_txt),
            DictionarySource(name: "lab_tests.txt", bytes: PackageResources.lab_tests_txt),
            DictionarySource(name: "common_words.txt", bytes: PackageResources.common_words_txt),
        ]
    }

    /// Returns the words that never belong to a name: the common words, and every
    /// dictionary term of one word, such as `diabetes` or `dob`.
    static func excludedNameWords(_ dictionary: TermDictionary) -> WordSet {
        var words = dictionary.wordLists[.commonWord] ?? []
        for (index, text) in dictionary.texts.enumerated()
        where !text.contains(" ") && dictionary.roles[index] != .month {
            words.insert(text)
        }
        return WordSet(words)
    }
}
