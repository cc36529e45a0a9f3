import Mail
import Testing

@Suite("Address lists")
struct AddressListParserTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let label: String
        let value: String
        /// Each mailbox as `display name|address`, with `-` for no display name.
        let expected: [String]
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(label: "bare address", value: "carol@example.org", expected: ["-|carol@example.org"]),
        Case(
            label: "name and angle address", value: "Bob Sender <bob@example.com>",
            expected: ["Bob Sender|bob@example.com"]),
        Case(
            label: "quoted name with comma", value: "\"Doe, Jane\" <jane@example.org>, x@y.org",
            expected: ["Doe, Jane|jane@example.org", "-|x@y.org"]),
        Case(
            label: "quoted local part", value: "\"a b\"@example.org",
            expected: ["-|\"a b\"@example.org"]),
        Case(
            label: "encoded name", value: "=?UTF-8?Q?Zo=C3=AB_Example?= <zoe@example.org>",
            expected: ["Zoë Example|zoe@example.org"]),
        Case(
            label: "encoded name that decodes to an address",
            value: "=?utf-8?q?boss=40example=2Ecom?= <intern@example.org>",
            expected: ["boss@example.com|intern@example.org"]),
        Case(
            label: "encoded name that decodes to a comma and brackets",
            value: "=?utf-8?q?x=2C_=3Cevil=40example=2Ecom=3E?= <real@example.org>",
            expected: ["x, <evil@example.com>|real@example.org"]),
        Case(
            label: "unquoted comma in display name", value: "Doe, Jane <jane@example.org>",
            expected: ["Doe, Jane|jane@example.org"]),
        Case(
            label: "comment as name", value: "root@example.org (Server Admin)",
            expected: ["-|root@example.org"]),
        Case(
            label: "obsolete route", value: "<@relay.example,@hub.example:user@example.org>",
            expected: ["-|user@example.org"]),
        Case(
            label: "spaces around dots", value: "john . doe @ example . org",
            expected: ["-|john.doe@example.org"]),
        Case(
            label: "missing closing bracket", value: "Bob <bob@example.com, carol@example.org",
            expected: ["Bob|bob@example.com", "-|carol@example.org"]),
        Case(
            label: "doubled brackets", value: "Bob <<bob@example.com>>",
            expected: ["Bob|bob@example.com"]),
        Case(
            label: "no domain", value: "undisclosed-recipients",
            expected: ["-|undisclosed-recipients"]),
        Case(label: "domain literal", value: "a@[192.0.2.1]", expected: ["-|a@[192.0.2.1]"]),
        Case(label: "empty list items", value: ", ,a@b.example,,", expected: ["-|a@b.example"]),
        Case(
            label: "mixed case kept", value: "Carol@Example.ORG",
            expected: ["-|Carol@Example.ORG"]),
    ]

    @Test(arguments: cases)
    func parsesMailboxes(_ testCase: Case) {
        let mailboxes = AddressListParser.parse(testCase.value.bytes).flatMap(\.mailboxes)
        let rendered = mailboxes.map { ($0.displayName ?? "-") + "|" + $0.address }
        #expect(rendered == testCase.expected)
    }

    @Test func parsesGroups() {
        let addresses = AddressListParser.parse(
            "Team: a@example.org, \"B\" <b@example.org>;, c@example.org".bytes)
        #expect(addresses.count == 2)
        guard case .group(let name, let members) = addresses.first else {
            Issue.record("expected a group, got \(addresses)")
            return
        }
        #expect(name == "Team")
        #expect(members.map(\.address) == ["a@example.org", "b@example.org"])
        #expect(addresses[1].mailboxes.map(\.address) == ["c@example.org"])
    }

    @Test func parsesEmptyGroup() {
        let addresses = AddressListParser.parse("undisclosed-recipients:;".bytes)
        #expect(addresses == [.group(name: "undisclosed-recipients", members: [])])
    }

    @Test func keepsDecodedComment() {
        let mailbox = AddressListParser.parse("a@example.org (=?utf-8?q?Zo=C3=AB?=)".bytes).first?
            .mailboxes.first
        #expect(mailbox?.comment == "Zoë")
    }

    @Test func survivesUnbalancedParentheses() {
        let value = String(repeating: "(", count: 10_000) + "a@example.org"
        let addresses = AddressListParser.parse(value.bytes)
        #expect(addresses.isEmpty)
    }
}
