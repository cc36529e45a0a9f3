import Mail

/// A change to the message, applied at end of message: the only stage at which
/// libmilter allows changes. MilterKit applies a list in order.
///
/// Header values may contain LF followed by a space or tab to fold a long value. Before a
/// value reaches libmilter, MilterKit removes CR and NUL and indents a line break that is
/// not followed by a space or tab. It also drops empty continuation lines, folds lines
/// longer than 78 octets at white space, and puts back the leading space when the MTA
/// granted SMFIP_HDR_LEADSPC.
public enum MilterModification: Sendable, Hashable {
    /// Appends a header field (`smfi_addheader`).
    case addHeader(name: String, value: String)
    /// Inserts a header field before the field at `index`, where 0 is the first field
    /// (`smfi_insheader`).
    case insertHeader(index: Int, name: String, value: String)
    /// Replaces the value of the `occurrence`-th field named `name`, counting from 1 and
    /// ignoring case (`smfi_chgheader`).
    case changeHeader(name: String, occurrence: Int, value: String)
    /// Deletes the `occurrence`-th field named `name`, counting from 1 (`smfi_chgheader`
    /// with no value).
    case deleteHeader(name: String, occurrence: Int)
    /// Adds an envelope recipient, with ESMTP arguments such as `NOTIFY=NEVER` when given
    /// (`smfi_addrcpt` or `smfi_addrcpt_par`).
    case addRecipient(address: String, esmtpArguments: String?)
    /// Removes an envelope recipient. `address` must be exactly the RCPT TO argument as
    /// received, angle brackets included (`smfi_delrcpt`).
    case deleteRecipient(address: String)
    /// Replaces the envelope sender (`smfi_chgfrom`).
    case changeSender(address: String, esmtpArguments: String?)
    /// Replaces the whole body (`smfi_replacebody`), from memory or from a file.
    case replaceBody(MessageBody)
    /// Puts the message on hold with a reason the MTA logs (`smfi_quarantine`). The reason
    /// is reduced to printable ASCII and at most 255 octets.
    case quarantine(reason: String)

    /// The action's name in logs and errors.
    public var name: String {
        switch self {
        case .addHeader: "add_header"
        case .insertHeader: "insert_header"
        case .changeHeader: "change_header"
        case .deleteHeader: "delete_header"
        case .addRecipient: "add_recipient"
        case .deleteRecipient: "delete_recipient"
        case .changeSender: "change_sender"
        case .replaceBody: "replace_body"
        case .quarantine: "quarantine"
        }
    }

    /// The negotiated action this change needs.
    var requiredAction: MilterActions {
        switch self {
        case .addHeader, .insertHeader: .addHeaders
        case .changeHeader, .deleteHeader: .changeHeaders
        case .addRecipient(_, let arguments):
            arguments == nil ? .addRecipients : .addRecipientsWithArguments
        case .deleteRecipient: .deleteRecipients
        case .changeSender: .changeSender
        case .replaceBody: .changeBody
        case .quarantine: .quarantine
        }
    }
}
