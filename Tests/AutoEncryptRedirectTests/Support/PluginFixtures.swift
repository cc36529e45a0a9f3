import PluginAPI
import PluginTestKit

@testable import AutoEncryptRedirect

/// Plugin settings and messages shared by the decision tests.
enum PluginFixtures {
    /// Settings without any network check: assurances come from overrides and tables.
    static let offline: [String: String] = [
        "auto_encrypt_probe": "no",
        "auto_encrypt_dane": "no",
        "auto_encrypt_mta_sts": "no",
        "auto_encrypt_cache_file": "",
        "auto_encrypt_gateway_address": "secure@gateway.example.net",
            "auto_encrypt_on_none": "redirect",
            "auto_encrypt_on_opportunistic": "redirect",
            "auto_encrypt_no_certificate_action": "redirect",
        "auto_encrypt_tls_overrides":
            "verified.example=verify, dane.example=dane, encrypted.example=encrypt, "
            + "may.example=may, none.example=none",
    ]

    static let sensitive = Finding(
        plugin: "phi_detection", rule: "phi.detected", kind: SharedFindingKind.sensitive,
        attributes: ["reasons": "phi"])

    static let message = Array(
        """
        From: Dr. Sender <sender@clinic.example>\r
        To: patient care <a@verified.example>\r
        Subject: Lab results\r
        Content-Type: text/plain; charset=us-ascii\r
        \r
        The results are attached.\r

        """.utf8)

    static func harness(
        _ config: [String: String] = [:], recipients: [String], sensitive: Bool = true
    ) throws -> PluginHarness {
        var harness = try PluginHarness(
            AutoEncryptRedirectPlugin.descriptor, config: offline.merging(config) { $1 })
        harness.recipients = recipients.map { EnvelopeAddress(raw: "<" + $0 + ">") }
        harness.priorFindings = sensitive ? [PluginFixtures.sensitive] : []
        return harness
    }
}
