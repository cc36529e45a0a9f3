/// The release of tlsguard, shown by `tlsguard --version` and in the X-TLSGuard headers'
/// documentation.
enum TLSGuardVersion {
    static let current = "0.1.0"
}
