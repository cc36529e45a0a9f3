import Foundation
import Mail
import PluginAPI
import Testing

@testable import PHIDetection

/// Runs the plugin on raw corpus messages through `MessageParser`, as the milter and
/// replay do.
@Suite struct EmlTests {
    /// Messages whose PHI is readable without MIME decoding: 7bit text/plain bodies with
    /// plain subjects.
    static let plainMessages = [
        "p01_plain_referral_ssn_dob", "p11_lf_only_mbi", "p12_crlf_member_id_prior_auth",
        "p14_patient_billing_credit_card", "p16_unformatted_ssn_keyword", "B43", "B45", "B47",
        "B48", "n01_shipping_9digit_tracking", "n02_newsletter_diabetes_no_patient",
        "n03_invoice_10digit_fails_npi", "n04_order_number_passes_npi_luhn",
        "n05_isbn_textbook_order", "n06_interface_log_timestamps", "n07_zip_plus4_office_move",
        "n08_vendor_phones_pass_luhn",
    ]

    /// Messages that need base64, quoted-printable, HTML, multipart, message/rfc822 or
    /// RFC 2047 decoding.
    static var encodedMessages: [String] {
        Fixtures.messageNames.filter { !plainMessages.contains($0) }
    }

    private func check(_ name: String) throws {
        let expected = try #require(try Fixtures.expectations()[name])
        let message = MessageParser.parse(message: try Fixtures.eml(name))
        let result = try PluginHarness().run(message)
        #expect(result.reportValue("phi") == .bool(expected.phi), "\(name)")
        guard case .array(let values) = result.reportValue("phi_kinds") else {
            Issue.record("\(name): no phi_kinds field")
            return
        }
        let kinds = Set(
            values.compactMap { value -> String? in
                if case .string(let kind) = value { return kind }
                return nil
            })
        let missing = Set(expected.identifiers).subtracting(kinds)
        #expect(missing.isEmpty, "\(name): missing \(missing.sorted()), found \(kinds.sorted())")
    }

    @Test(arguments: plainMessages)
    func plainMessageThroughParser(name: String) throws {
        try check(name)
    }

    @Test(arguments: encodedMessages)
    func encodedMessageThroughParser(name: String) throws {
        try check(name)
    }
}
