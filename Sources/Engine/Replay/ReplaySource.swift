import Glibc

/// One message read for replay, with where it came from.
public struct ReplayMessage: Sendable {
    /// The file, `-` for standard input.
    public var file: String
    /// The 1-based position inside an mbox file; nil for a file with one message.
    public var index: Int?
    public var bytes: [UInt8]

    public init(file: String, index: Int?, bytes: [UInt8]) {
        self.file = file
        self.index = index
        self.bytes = bytes
    }
}

/// Finds the messages in the paths given to `tlsguard replay`: message files, mbox files,
/// Maildir folders (`cur/` and `new/`), directories of files (recursively, in name order)
/// and `-` for standard input. A file whose first line starts with `From ` is an mbox.
public struct ReplaySource {
    public let paths: [String]

    public init(paths: [String]) {
        self.paths = paths
    }

    /// Calls `body` for each message, or with an error for each input that cannot be read,
    /// and goes on with the next input. Below the directories in `paths`, a directory or
    /// file that several paths lead to is read once. A symbolic link back to a directory
    /// above it is not followed, and `loop` is called once for each such link. A file named
    /// in `paths` itself is always read.
    public func forEach(
        loop: (ReplayDirectoryLoop) -> Void = { _ in },
        _ body: (Result<ReplayMessage, ReplayInputError>) -> Void
    ) {
        let walk = MessageFileWalk()
        for path in paths {
            visit(path, walk: walk, body, loop: loop)
        }
    }

    private func visit(
        _ path: String, walk: MessageFileWalk,
        _ body: (Result<ReplayMessage, ReplayInputError>) -> Void,
        loop: (ReplayDirectoryLoop) -> Void
    ) {
        if path == "-" {
            readFile(path, body)
            return
        }
        var status = stat()
        guard stat(path, &status) == 0 else {
            body(.failure(.notFound(path: path)))
            return
        }
        guard (status.st_mode & S_IFMT) == S_IFDIR else {
            readFile(path, body)
            return
        }

        let loopsBefore = walk.loops.count
        let files = walk.messageFiles(in: path)
        walk.loops[loopsBefore...].forEach(loop)
        for file in files {
            readFile(file, body)
        }
    }

    private func readFile(_ path: String, _ body: (Result<ReplayMessage, ReplayInputError>) -> Void)
    {
        do {
            let reader = try ByteFileReader(path: path)
            guard let first = try reader.nextLine() else {
                body(.failure(.empty(path: path)))
                return
            }
            if first.starts(with: ReplaySource.mboxSeparator) {
                try MboxSplitter(reader: reader, path: path).forEach { body(.success($0)) }
            } else {
                let bytes = Array(first) + (try reader.readAll())
                body(.success(ReplayMessage(file: path, index: nil, bytes: bytes)))
            }
        } catch {
            body(.failure(error))
        }
    }

    static let mboxSeparator: [UInt8] = Array("From ".utf8)

    static func entries(of directory: String) -> [String] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." && !name.hasPrefix(".") {
                names.append(directory.hasSuffix("/") ? directory + name : directory + "/" + name)
            }
        }
        return names
    }

    static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    static func isRegularFile(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
    }
}

/// Splits an mbox file at `From ` lines that follow an empty line, and turns `>From `
/// lines back into `From ` (mboxrd quoting, one `>` removed). Requiring the empty line
/// keeps an unquoted `From ` at the start of a body line inside the message, as mutt does
/// for files that some writers did not quote.
struct MboxSplitter {
    let reader: ByteFileReader
    let path: String

    func forEach(_ body: (ReplayMessage) -> Void) throws(ReplayInputError) {
        var current: [UInt8] = []
        var index = 0
        var previousEmpty = false
        while let line = try reader.nextLine() {
            let isEmpty = line.allSatisfy { $0 == 0x0A || $0 == 0x0D }
            defer { previousEmpty = isEmpty }
            if previousEmpty && line.starts(with: ReplaySource.mboxSeparator) {
                index += 1
                body(ReplayMessage(file: path, index: index, bytes: MboxSplitter.trimmed(current)))
                current.removeAll(keepingCapacity: true)
                continue
            }
            if MboxSplitter.isQuotedFrom(line) {
                current.append(contentsOf: line.dropFirst())
            } else {
                current.append(contentsOf: line)
            }
        }
        body(ReplayMessage(file: path, index: index + 1, bytes: MboxSplitter.trimmed(current)))
    }

    /// Drops the empty line that separates a message from the next `From ` line.
    static func trimmed(_ message: [UInt8]) -> [UInt8] {
        if message.suffix(2) == [0x0A, 0x0A] {
            return Array(message.dropLast())
        }
        if message.suffix(4) == [0x0D, 0x0A, 0x0D, 0x0A] {
            return Array(message.dropLast(2))
        }
        return message
    }

    static func isQuotedFrom(_ line: ArraySlice<UInt8>) -> Bool {
        let rest = line.drop { $0 == 0x3E }
        return rest.count < line.count && rest.starts(with: ReplaySource.mboxSeparator)
    }
}
