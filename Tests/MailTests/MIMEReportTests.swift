import Foundation
import Mail
import Testing

@Suite("mime report")
struct MIMEReportTests {
    @Test func jsonHasTheDocumentedKeys() throws {
        let message = try Fixtures.parse("corpus/B33.eml")
        let json = MIMEReport.json(message, includeText: true)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let parts = try #require(object["parts"] as? [[String: Any]])
        #expect(parts.count == 3)
        for key in [
            "path", "content_type", "charset", "transfer_encoding", "filename",
            "decoded_size", "scanned", "text",
        ] {
            #expect(parts[2].keys.contains(key), "missing key \(key)")
        }
        #expect(parts[2]["path"] as? String == "1.2")
        #expect(parts[2]["filename"] as? String == "patient export.txt")
        #expect(parts[2]["decoded_size"] as? Int == 119)
        #expect(parts[2]["scanned"] as? Bool == true)
        #expect((parts[2]["text"] as? String)?.contains("372-81-4096") == true)
        #expect(object["problems"] is [Any])
    }

    @Test func jsonWithoutTextOmitsText() throws {
        let message = try Fixtures.parse("corpus/B03.eml")
        let json = MIMEReport.json(message, includeText: false)
        #expect(!json.contains("\"text\""))
        #expect(!json.contains("372-81-4096"))
    }

    @Test func jsonNamesReasonAndProblems() throws {
        let message = MessageParser.parse(
            message: MessageBuilder.crlf(
                "Content-Type: application/pdf", "Content-Transfer-Encoding: base64", "",
                "JVBERi0xLjQKJcfsj6IKAAEC!"))
        let json = MIMEReport.json(message, includeText: false)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let part = try #require((object["parts"] as? [[String: Any]])?.first)
        #expect(part["scanned"] as? Bool == false)
        #expect(part["reason"] as? String == "pdf")
        let problems = try #require(object["problems"] as? [[String: Any]])
        #expect(problems.first?["kind"] as? String == "invalid_base64")
    }

    @Test func textTreeShowsStatus() throws {
        let message = try Fixtures.parse("corpus/B38.eml")
        let text = MIMEReport.text(message, includeText: false)
        #expect(text.contains("1.2.1.2"))
        #expect(text.contains("text/csv"))
        #expect(text.contains("filename=\"labs.csv\""))
        #expect(text.contains("scanned"))
        let withText = MIMEReport.text(message, includeText: true)
        #expect(withText.contains("--- 1.2.1.2 csv"))
    }

    @Test func jsonEscapesControlCharacters() {
        #expect(JSONText.quoted("a\"b\\c\n\u{1}") == "\"a\\\"b\\\\c\\n\\u0001\"")
    }
}
