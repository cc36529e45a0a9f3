/// Errors of the PHI detection plugin. Each names the value at fault and what to change.
public enum PHIDetectionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A dictionary file that cannot be read as the dictionary file format.
    case invalidDictionary(source: String, line: Int, reason: String)
    /// A dictionary file named in `phi_dictionary_files` that cannot be read.
    case unreadableDictionary(path: String, errno: Int32)

    public var description: String {
        switch self {
        case .invalidDictionary(let source, let line, let reason):
            "\(source):\(line): invalid dictionary line: \(reason)"
        case .unreadableDictionary(let path, let errno):
            "cannot read dictionary file \(path) (errno \(errno)); "
                + "check the path in phi_dictionary_files and its permissions"
        }
    }
}
