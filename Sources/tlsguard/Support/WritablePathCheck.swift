import Engine
import Glibc

/// Checks, for `check-config`, that the daemon will be able to create the audit trail file
/// and the spool directory. Each check creates a temporary entry in the directory
/// concerned and removes it again, because `access(2)` reports `/proc` as writable for
/// root although creating anything there fails.
///
/// NOTE: The checks run as the user who runs `check-config`. When the daemon runs as
/// another user, a path can pass here and still fail at start-up.
enum WritablePathCheck {
    /// Returns why `tlsguard milter` could not open `path` for appending, or nil when it
    /// can. The daemon creates a missing file and its missing directories.
    static func auditLogProblem(_ path: String) -> String? {
        var status = stat()
        if stat(path, &status) == 0 {
            if (status.st_mode & S_IFMT) == S_IFDIR {
                return "\(path) is a directory; give the path of a file inside it"
            }
            let descriptor = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
            guard descriptor >= 0 else {
                return "cannot write to \(path): \(errorText()); make the file writable "
                    + "for the daemon's user or choose another path"
            }
            close(descriptor)
            return nil
        }
        guard errno == ENOENT else {
            return "cannot open \(path): \(errorText()); choose another path"
        }

        let directory = parent(of: path)
        let existing = nearestExisting(directory)
        let probe = existing == directory ? probeFile(in: existing) : probeDirectory(in: existing)
        guard let reason = probe else { return nil }
        return "cannot create \(path): creating an entry in \(existing) failed (\(reason)); "
            + "create \(directory) writable for the daemon's user or choose another path"
    }

    /// Returns why `tlsguard milter` could not use `path` as its spool directory, or nil
    /// when it can. The daemon creates only the last component of a missing directory.
    static func spoolDirectoryProblem(_ path: String) -> String? {
        var status = stat()
        if stat(path, &status) == 0 {
            guard (status.st_mode & S_IFMT) == S_IFDIR else {
                return "\(path) is not a directory; choose a directory"
            }
            guard let reason = probeFile(in: path) else { return nil }
            return "cannot create files in \(path): \(reason); make it writable for the "
                + "daemon's user or choose another directory"
        }
        guard errno == ENOENT else {
            return "cannot use \(path): \(errorText()); choose another directory"
        }

        let directory = parent(of: path)
        guard let reason = probeDirectory(in: directory) else { return nil }
        return "\(path) does not exist and cannot be created: creating an entry in "
            + "\(directory) failed (\(reason)); create \(path) (mode 0700) or choose another "
            + "directory"
    }

    // MARK: - Probes

    /// Creates and removes a temporary file in `directory`; returns the failure, if any.
    private static func probeFile(in directory: String) -> String? {
        var template = Array((directory + "/.tlsguard-check-XXXXXX").utf8CString)
        let descriptor = mkstemp(&template)
        guard descriptor >= 0 else { return errorText() }
        close(descriptor)
        unlink(template)
        return nil
    }

    /// Creates and removes a temporary directory in `directory`; returns the failure, if any.
    private static func probeDirectory(in directory: String) -> String? {
        var template = Array((directory + "/.tlsguard-check-XXXXXX").utf8CString)
        let created = mkdtemp(&template)
        guard let created else { return errorText() }
        rmdir(created)
        return nil
    }

    // MARK: - Paths

    /// Returns the directory part of `path`: `/` for `/name`, `.` for a bare name.
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Returns `path` or its closest ancestor that exists.
    static func nearestExisting(_ path: String) -> String {
        var current = path
        var status = stat()
        while stat(current, &status) != 0 && current != "/" && current != "." {
            current = parent(of: current)
        }
        return current
    }

    private static func errorText() -> String {
        String(cString: strerror(errno))
    }
}
