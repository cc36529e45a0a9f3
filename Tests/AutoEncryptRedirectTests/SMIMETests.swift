import Foundation
import Mail
import PluginAPI
import Testing

@testable import AutoEncryptRedirect

/// S/MIME encryption checked with `openssl cms -decrypt`, with certificates from a test CA.
@Suite(.enabled(if: TestProcess.available(["openssl"]), "needs openssl"))
struct SMIMETests {
    static let certificates: Result<String, TestEnvironmentError> = {
        do {
            let directory = try TestProcess.temporaryDirectory("smime") + "/certs"
            let result = try TestProcess.run(
                ["sh", TestProcess.fixtures + "/make_certificates.sh", directory])
            guard result.status == 0 else { throw TestEnvironmentError(result.output) }
            return .success(directory)
        } catch {
            return .failure(TestEnvironmentError("certificates not made: \(error)"))
        }
    }()

    static let headers = [
        HeaderField(name: "From", value: "sender@clinic.example"),
        HeaderField(name: "To", value: "alice@smime.example"),
        HeaderField(name: "Subject", value: "Results"),
        HeaderField(name: "Content-Type", value: "text/plain; charset=utf-8"),
        HeaderField(name: "Content-Transfer-Encoding", value: "8bit"),
    ]
    static let body = Array("Patient results: all values normal.\r\nSecond line.\r\n".utf8)

    func store() throws -> (CertificateStore, String) {
        let directory = try SMIMETests.certificates.get()
        return (
            try CertificateStore(sources: [directory + "/alice.pem", directory + "/bob.pem"]),
            directory
        )
    }

    /// Encrypts, writes the outer message, and returns what `openssl cms -decrypt` made
    /// of it with `key`.
    func decrypt(actions: [MessageAction], certificateDirectory: String, as name: String) throws
        -> (status: Int32, output: String)
    {
        let message = try MessageAssembler.assemble(
            headers: SMIMETests.headers, body: SMIMETests.body, actions: actions)
        let path = try TestProcess.temporaryDirectory("smime-message") + "/message.eml"
        try Data(message).write(to: URL(fileURLWithPath: path))
        return try TestProcess.run([
            "openssl", "cms", "-decrypt", "-in", path, "-recip",
            certificateDirectory + "/\(name).pem", "-inkey", certificateDirectory + "/\(name).key",
        ])
    }

    @Test(arguments: [SMIMEEncryptor.Cipher.aes256GCM, .aes256CBC])
    func encryptedMessageDecryptsToOriginal(cipher: SMIMEEncryptor.Cipher) throws {
        let (store, directory) = try store()
        let certificate = try #require(store.certificate(for: "alice@smime.example"))
        let actions = try SMIMEEncryptor().actions(
            headers: SMIMETests.headers, body: SMIMETests.body, certificates: [certificate],
            cipher: cipher)
        let result = try decrypt(actions: actions, certificateDirectory: directory, as: "alice")
        #expect(result.status == 0, "\(result.output)")
        let expected =
            "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + "Patient results: all values normal.\r\nSecond line.\r\n"
        #expect(result.output == expected)
    }

    @Test func outerHeadersStayAndContentHeadersChange() throws {
        let (store, _) = try store()
        let certificate = try #require(store.certificate(for: "alice@smime.example"))
        let actions = try SMIMEEncryptor().actions(
            headers: SMIMETests.headers, body: SMIMETests.body, certificates: [certificate],
            cipher: .aes256GCM)
        let message = String(
            decoding: try MessageAssembler.assemble(
                headers: SMIMETests.headers, body: SMIMETests.body, actions: actions),
            as: UTF8.self)
        #expect(message.contains("From: sender@clinic.example\r\n"))
        #expect(message.contains("Subject: Results\r\n"))
        #expect(message.contains("MIME-Version: 1.0\r\n"))
        // The copy's Content-Type is folded before name=, because it is longer than 78 octets.
        #expect(
            message.replacingOccurrences(of: "\r\n ", with: " ").contains(
                "Content-Type: application/pkcs7-mime; smime-type=authEnveloped-data; name=\"smime.p7m\""
            ))
        #expect(!message.contains("charset=utf-8"))
        #expect(!message.contains("Patient results"))
    }

    @Test func twoRecipientsCanEachDecrypt() throws {
        let (store, directory) = try store()
        let certificates = try ["alice@smime.example", "bob@smime.example"].map {
            try #require(store.certificate(for: $0))
        }
        let actions = try SMIMEEncryptor().actions(
            headers: SMIMETests.headers, body: SMIMETests.body, certificates: certificates,
            cipher: .aes256GCM)
        for name in ["alice", "bob"] {
            let result = try decrypt(actions: actions, certificateDirectory: directory, as: name)
            #expect(result.status == 0, "\(name): \(result.output)")
            #expect(result.output.contains("Patient results"))
        }
    }

    @Test func storeFindsAddressesCaseInsensitively() throws {
        let (store, _) = try store()
        #expect(store.hasCertificate(for: "Alice@SMIME.example"))
        #expect(store.hasCertificate(for: "bob@smime.example"))
        #expect(!store.hasCertificate(for: "carol@smime.example"))
    }

    @Test func directoryStoreReadsAddressFile() throws {
        let directory = try SMIMETests.certificates.get()
        let folder = try TestProcess.temporaryDirectory("smime-store")
        try FileManager.default.copyItem(
            atPath: directory + "/alice.pem", toPath: folder + "/alice@smime.example.pem")
        let store = try CertificateStore(sources: [folder])
        #expect(store.hasCertificate(for: "ALICE@smime.example"))
        #expect(!store.hasCertificate(for: "bob@smime.example"))
        #expect(!store.hasCertificate(for: "../alice@smime.example"))
    }

    @Test func expiredCertificateIsIgnored() throws {
        let directory = try SMIMETests.certificates.get()
        let folder = try TestProcess.temporaryDirectory("smime-expired")
        try FileManager.default.copyItem(
            atPath: directory + "/expired.pem", toPath: folder + "/old@smime.example.pem")
        let store = try CertificateStore(sources: [folder])
        #expect(!store.hasCertificate(for: "old@smime.example"))
    }

    @Test func unreadableCertificateFileStopsStartup() {
        #expect(throws: SMIMEError.self) {
            try CertificateStore(sources: ["/nonexistent/certificate.pem"])
        }
    }

    @Test func pluginPrefersSMIMEForCertificateHolder() throws {
        let directory = try SMIMETests.certificates.get()
        let harness = try PluginFixtures.harness(
            [
                "auto_encrypt_smime_certificates": directory + "/alice.pem",
                "auto_encrypt_tls_overrides": "smime.example=none",
            ],
            recipients: ["alice@smime.example", "carol@smime.example"])
        let run = try harness.run(message: PluginFixtures.message)
        #expect(
            run.recipientDecisions.map(\.action) == [
                .encrypt, .redirect(to: "secure@gateway.example.net"),
            ])
    }

    @Test func legacyRecipientGetsCBC() throws {
        let directory = try SMIMETests.certificates.get()
        let configuration = try PluginConfiguration(
            descriptor: AutoEncryptRedirectPlugin.descriptor,
            overrides: PluginFixtures.offline.merging([
                "auto_encrypt_smime_certificates": directory + "/alice.pem",
                "auto_encrypt_smime_legacy_recipients": "smime.example",
            ]) { $1 })
        let plugin = try AutoEncryptRedirectPlugin(configuration)
        let alice = EnvelopeAddress(raw: "<alice@smime.example>")
        let other = EnvelopeAddress(raw: "<x@other.example>")
        #expect(plugin.decider.cipher(for: [alice]) == .aes256CBC)
        #expect(plugin.decider.cipher(for: [other]) == .aes256GCM)
    }

    @Test func base64LinesAreWrapped() {
        let encoded = String(
            decoding: Base64.encodeLines(Array(repeating: 0xFF, count: 100)), as: UTF8.self)
        let lines = encoded.split(separator: "\r\n")
        #expect(lines.first?.count == 76)
        #expect(
            String(decoding: Base64.encodeLines(Array("Man".utf8)), as: UTF8.self) == "TWFu\r\n")
        #expect(String(decoding: Base64.encodeLines(Array("Ma".utf8)), as: UTF8.self) == "TWE=\r\n")
    }
}
