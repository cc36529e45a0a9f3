import Glibc

/// A directory that replay did not enter because it is one of the directories being read
/// above it, reached again through a symbolic link.
public struct ReplayDirectoryLoop: Sendable, Hashable, CustomStringConvertible {
    /// The path that leads back, such as `mail/sub/up`.
    public var path: String
    /// The directory it leads back to, as first reached in this run.
    public var target: String

    public var description: String {
        "\(path): directory loop back to \(target); not read again"
    }
}

/// A file's device and inode number, which stay the same whichever path reaches it.
struct FileIdentity: Hashable {
    let device: UInt64
    let inode: UInt64

    /// Reads the identity of `path`, following symbolic links; nil when `stat` fails.
    init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
    }
}

/// Collects the message files below directories for one replay run. Each directory is
/// read once and each file is listed once, by device and inode, however many paths or
/// symbolic links lead to it. A link back to a directory above it is reported as a loop.
final class MessageFileWalk {
    private var visitedDirectories: Set<FileIdentity> = []
    private var visitedFiles: Set<FileIdentity> = []
    private var ancestors: [(identity: FileIdentity, path: String)] = []
    private(set) var loops: [ReplayDirectoryLoop] = []

    /// Returns the message files under `directory`, sorted by path: a Maildir's `cur/` and
    /// `new/`, or every regular file below it. Files already returned by an earlier call
    /// are left out.
    func messageFiles(in directory: String) -> [String] {
        guard let identity = FileIdentity(path: directory) else { return [] }
        if let ancestor = ancestors.first(where: { $0.identity == identity }) {
            loops.append(ReplayDirectoryLoop(path: directory, target: ancestor.path))
            return []
        }
        guard visitedDirectories.insert(identity).inserted else { return [] }

        ancestors.append((identity, directory))
        defer { ancestors.removeLast() }
        return listing(of: directory).sorted()
    }

    private func listing(of directory: String) -> [String] {
        let maildirParts = ["cur", "new"].map { directory + "/" + $0 }
        if maildirParts.contains(where: ReplaySource.isDirectory) {
            let entries = maildirParts.filter(ReplaySource.isDirectory)
                .flatMap(ReplaySource.entries(of:))
            return entries.sorted().filter(claimFile)
        }

        var files: [String] = []
        for entry in ReplaySource.entries(of: directory).sorted() {
            if ReplaySource.isDirectory(entry) {
                files += messageFiles(in: entry)
            } else if claimFile(entry) {
                files.append(entry)
            }
        }
        return files
    }

    /// Returns true for a regular file not listed before, and marks it as listed.
    private func claimFile(_ path: String) -> Bool {
        guard ReplaySource.isRegularFile(path), let identity = FileIdentity(path: path) else {
            return false
        }
        return visitedFiles.insert(identity).inserted
    }
}
