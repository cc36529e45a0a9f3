#if canImport(Glibc)
    import Glibc
#endif

/// The unix socket file of a running server, identified by device and inode, so that a
/// stopping server removes the file only while it is still the one this process created.
///
/// Start-up goes through three steps. `checkAvailable` rejects a path on which another
/// process accepts connections. libmilter then binds the socket at `temporaryPath`.
/// `install` moves it to the configured path with `rename`, which atomically replaces a
/// stale socket file. libmilter is given only the temporary path, which no longer exists
/// at stop. That matters because libmilter 8.17, when not running as root, removes
/// whatever socket its path names when it closes the listening socket (`mi_closener`),
/// even another process's socket.
struct UnixSocketFile: Sendable, Equatable {
    let path: String
    let device: UInt64
    let inode: UInt64

    /// The maximum length of a unix socket path, in bytes. libmilter accepts at most 106
    /// bytes, and the temporary path adds a dot and a process id of up to 7 digits.
    static let maxPathLength = 98

    /// Throws unless `path` is free for a new server: missing, or a socket file on which
    /// no process accepts connections (left behind by a server that was killed).
    ///
    /// Throws `MilterError.socketInUse` when a process accepts connections on the socket,
    /// and `MilterError.socketFileUnusable` when `path` is not a socket or the check
    /// itself fails.
    static func checkAvailable(_ path: String) throws(MilterError) {
        var status = stat()
        guard lstat(path, &status) == 0 else {
            if errno == ENOENT { return }
            throw .socketFileUnusable(path: path, reason: "lstat failed: \(errorText(errno))")
        }
        guard status.st_mode & S_IFMT == S_IFSOCK else {
            throw .socketFileUnusable(path: path, reason: "it exists and is not a socket")
        }
        switch connectStatus(path) {
        case 0, EAGAIN:
            throw .socketInUse(path: path)
        case ECONNREFUSED, ENOENT:
            return
        case let error:
            throw .socketFileUnusable(
                path: path,
                reason: "cannot check whether a process listens on it: \(errorText(error))")
        }
    }

    /// Returns the path libmilter binds before `install` moves the socket to `path`. It is
    /// `path` with a dot and this process's id appended, in the same directory so that
    /// `rename` works.
    static func temporaryPath(for path: String) -> String {
        "\(path).\(getpid())"
    }

    /// Moves the socket file at `temporaryPath` to `path` and returns its identity. Removes
    /// the temporary file and throws `MilterError.socketFileUnusable` when that fails.
    static func install(temporaryPath: String, at path: String) throws(MilterError)
        -> UnixSocketFile
    {
        var status = stat()
        guard lstat(temporaryPath, &status) == 0, rename(temporaryPath, path) == 0 else {
            let error = errno
            unlink(temporaryPath)
            throw .socketFileUnusable(
                path: path, reason: "cannot move the new socket there: \(errorText(error))")
        }
        return UnixSocketFile(
            path: path, device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
    }

    /// Removes the file at `path` if it is still this socket and returns true. Returns
    /// false, and leaves the file, when it is missing or was replaced by another file.
    ///
    /// Call it while the listening socket is still open: the open socket keeps the inode
    /// allocated, so no other file can have the same device and inode number then.
    /// NOTE: Another process can still replace the file between the check and `unlink`,
    /// because no system call removes a file only if it has a given inode.
    func removeIfUnchanged() -> Bool {
        var status = stat()
        guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFSOCK,
            UInt64(status.st_dev) == device, UInt64(status.st_ino) == inode
        else {
            return false
        }
        return unlink(path) == 0
    }

    // MARK: - Helpers

    /// Connects to the socket at `path` without blocking and returns 0 when a process
    /// accepted, or the errno of the failure. EAGAIN means that the listen queue is full,
    /// so a process listens there.
    private static func connectStatus(_ path: String) -> Int32 {
        let type = SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue
        let descriptor = socket(AF_UNIX, Int32(type), 0)
        guard descriptor >= 0 else { return errno }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let fits = withUnsafeMutableBytes(of: &address.sun_path) { buffer -> Bool in
            let bytes = Array(path.utf8)
            guard bytes.count < buffer.count else { return false }
            buffer.copyBytes(from: bytes)
            return true
        }
        guard fits else { return ENAMETOOLONG }
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        return result == 0 ? 0 : errno
    }

    private static func errorText(_ error: Int32) -> String {
        "\(String(cString: strerror(error))) (errno \(error))"
    }
}
