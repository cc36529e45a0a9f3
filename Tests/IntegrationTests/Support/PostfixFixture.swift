import Foundation

/// A milter under test attached to a private Postfix; both stop when the fixture goes.
final class PostfixFixture: @unchecked Sendable {
    let milter: MilterProcess
    let postfix: PostfixInstance

    init(
        _ kind: MilterProcess.Kind, milterArguments: [String] = [], settings: [String] = [],
        configuration: String = ""
    ) throws {
        milter = try MilterProcess(
            kind, directory: TestEnvironment.makeTemporaryDirectory("milter"),
            extraArguments: milterArguments, configuration: configuration)
        postfix = try PostfixInstance(milter: milter.socketSpec, settings: settings)
    }

    deinit {
        postfix.stop()
        milter.kill()
    }

    /// Sends one message in its own SMTP session and returns the session's replies.
    @discardableResult
    func send(
        from sender: String = "<bob@example.com>",
        to recipients: [String] = ["<carol@example.org>"],
        message: [UInt8], tls: Bool = false, ipv6: Bool = false
    ) throws -> [[SMTPSession.Reply]] {
        var steps: [[String: Any]] = tls ? [["starttls": true]] : []
        steps.append(try postfix.transaction(from: sender, to: recipients, message: message))
        return try postfix.session(steps, ipv6: ipv6)
    }

    /// The reply to the end of DATA in `replies` from `send`.
    static func finalReply(_ replies: [[SMTPSession.Reply]]) -> SMTPSession.Reply? {
        replies.last?.last
    }
}
