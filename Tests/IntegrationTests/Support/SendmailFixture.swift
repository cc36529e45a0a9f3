import Foundation

/// `tlsguard milter` attached to a private sendmail; both stop when the fixture goes.
final class SendmailFixture: @unchecked Sendable {
    let milter: MilterProcess
    let sendmail: SendmailInstance

    /// Starts the milter with `configuration` lines in its `tlsguard.conf`, then sendmail
    /// with the milter lines of `milterLines` (by default the shipped `.mc` lines) pointed
    /// at the milter's socket.
    init(
        configuration: String, milterLines: URL = SendmailInstance.shippedMilterLines
    ) throws {
        milter = try MilterProcess(
            .tlsguard, directory: TestEnvironment.makeTemporaryDirectory("milter"),
            configuration: configuration)
        sendmail = try SendmailInstance(milter: milter.socketSpec, milterLines: milterLines)
    }

    deinit {
        sendmail.stop()
        milter.kill()
    }

    /// The client certificate and key from the test CA that sendmail trusts.
    var trustedCertificate: (certificate: String, key: String) {
        (sendmail.tlsFile("client.crt"), sendmail.tlsFile("client.key"))
    }

    /// A client certificate and key from a CA that sendmail does not trust.
    var untrustedCertificate: (certificate: String, key: String) {
        (sendmail.tlsFile("stranger.crt"), sendmail.tlsFile("stranger.key"))
    }
}
