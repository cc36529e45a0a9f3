/// The release of tlsguard, shown by `tlsguard --version` and logged at start-up.
enum TLSGuardVersion {
    static let current = "0.1.0"
}
