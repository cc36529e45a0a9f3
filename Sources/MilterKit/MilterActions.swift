import CMilter

/// The changes a milter may make, as the `SMFIF_*` action flags of option negotiation.
public struct MilterActions: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt

    public init(rawValue: UInt) {
        self.rawValue = rawValue
    }

    public static let addHeaders = MilterActions(rawValue: UInt(SMFIF_ADDHDRS))
    public static let changeBody = MilterActions(rawValue: UInt(SMFIF_CHGBODY))
    public static let addRecipients = MilterActions(rawValue: UInt(SMFIF_ADDRCPT))
    public static let deleteRecipients = MilterActions(rawValue: UInt(SMFIF_DELRCPT))
    public static let changeHeaders = MilterActions(rawValue: UInt(SMFIF_CHGHDRS))
    public static let quarantine = MilterActions(rawValue: UInt(SMFIF_QUARANTINE))
    public static let changeSender = MilterActions(rawValue: UInt(SMFIF_CHGFROM))
    public static let addRecipientsWithArguments = MilterActions(
        rawValue: UInt(SMFIF_ADDRCPT_PAR))
    public static let setMacroList = MilterActions(rawValue: UInt(SMFIF_SETSYMLIST))

    /// Every action MilterKit can apply. Negotiation requests each one the MTA offers.
    public static let all: MilterActions = [
        .addHeaders, .changeBody, .addRecipients, .deleteRecipients, .changeHeaders,
        .quarantine, .changeSender, .addRecipientsWithArguments, .setMacroList,
    ]

    private static let names: [(MilterActions, String)] = [
        (.addHeaders, "add_headers"), (.changeBody, "change_body"),
        (.addRecipients, "add_recipients"), (.deleteRecipients, "delete_recipients"),
        (.changeHeaders, "change_headers"), (.quarantine, "quarantine"),
        (.changeSender, "change_sender"),
        (.addRecipientsWithArguments, "add_recipients_with_arguments"),
        (.setMacroList, "set_macro_list"),
    ]

    /// The flags as a comma-separated list of names, for logs.
    public var description: String {
        MilterActions.names.filter { contains($0.0) }.map(\.1).joined(separator: ",")
    }
}

/// The stages at which the MTA sends macros, as `smfi_setsymlist` numbers them.
public enum MacroStage: Int32, Sendable, Hashable, CaseIterable {
    case connect = 0
    case helo = 1
    case envelopeSender = 2
    case envelopeRecipient = 3
    case data = 4
    case endOfMessage = 5
    case endOfHeaders = 6

    /// True for stages whose macros describe the connection rather than one message.
    var isConnectionStage: Bool {
        self == .connect || self == .helo
    }

    /// The stage's name in log lines, as the callbacks name their stages.
    var logName: String {
        switch self {
        case .connect: "connect"
        case .helo: "helo"
        case .envelopeSender: "mail_from"
        case .envelopeRecipient: "rcpt_to"
        case .data: "data"
        case .endOfMessage: "end_of_message"
        case .endOfHeaders: "end_of_headers"
        }
    }
}
