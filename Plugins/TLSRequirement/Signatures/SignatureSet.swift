import Mail

/// The signatures in the order they are tried: the administrator's files first, then the
/// file built into tlsguard. The first signature that matches a line decides.
public struct SignatureSet: Sendable {
    public private(set) var signatures: [ServerSignature]

    public init(signatures: [ServerSignature]) {
        self.signatures = signatures
    }

    /// The signatures of `Conf/received-signatures.conf` as built into the binary.
    public static let builtIn: SignatureSet = {
        let text = String(decoding: PackageResources.received_signatures_conf, as: UTF8.self)
        do {
            return SignatureSet(
                signatures: try SignatureFile.parse(text, source: "built-in signatures"))
        } catch {
            preconditionFailure("the built-in signature file is invalid: \(error)")
        }
    }()

    /// Returns the built-in set with the signatures of `paths` in front, in the order
    /// given.
    public static func loading(files paths: [String]) throws(SignatureFileError) -> SignatureSet {
        var signatures: [ServerSignature] = []
        for path in paths {
            signatures += try SignatureFile.load(path: path)
        }
        return SignatureSet(signatures: signatures + builtIn.signatures)
    }

    /// Returns the first signature that matches `header`, or nil.
    public func match(_ header: ReceivedHeader) -> ServerSignature? {
        signatures.first { $0.matches(header) }
    }
}
