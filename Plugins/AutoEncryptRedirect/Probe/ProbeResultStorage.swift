/// The place where `tlsguard probe` keeps the result of a check.
public enum ProbeResultStorage: Sendable, Equatable {
    /// The cache file, where the milter and `tlsguard policy export` read it.
    case file(String)
    /// Memory only, because `auto_encrypt_cache_file` is empty.
    case memory
    /// Memory only, because `--resolver`, `--mx`, `--port` or `--ca-file` pointed the
    /// checks at other servers or trust anchors than the configured ones.
    case memoryForTestServers

    /// The `cache:` line of the probe output.
    var line: String {
        switch self {
        case .file(let path):
            "cache: stored in \(path)"
        case .memory:
            "cache: not stored, because auto_encrypt_cache_file is empty"
        case .memoryForTestServers:
            "cache: not stored, because --resolver, --mx, --port or --ca-file points the "
                + "checks at other servers or trust anchors than the configured ones"
        }
    }

    /// The cache file written, or nil.
    var path: String? {
        if case .file(let path) = self { path } else { nil }
    }
}
