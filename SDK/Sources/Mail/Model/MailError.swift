/// Errors that stop parsing altogether. Damage inside a message is never one of these; it
/// becomes a `ParseProblem`.
public enum MailError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadableFile(path: String, errno: Int32)

    public var description: String {
        switch self {
        case .unreadableFile(let path, let errno):
            "cannot read message file \(path): \(errnoText(errno)) (errno \(errno)); "
                + "check that the file exists and is readable by this user"
        }
    }
}
