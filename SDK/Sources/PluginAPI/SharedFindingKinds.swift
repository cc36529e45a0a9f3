/// Finding kinds that one plugin produces and others rely on. A plugin that reads one of
/// these must not depend on which plugin produced it.
public enum SharedFindingKind {
    /// The message must be protected in transit: it carries PHI, a sender trigger such as
    /// `[secure]`, or content that could not be scanned. Attributes: `reasons`, a comma
    /// list such as `phi,trigger,unscanned`, and `score` when a detector scored it.
    public static let sensitive = "SENSITIVE"
}
