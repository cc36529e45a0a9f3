import PluginAPI

/// The configuration keys of the TLS requirement plugin, declared once; the configuration
/// reference is generated from this table.
enum TLSRequirementKeys {
    static let violationActions = ["reject", "tempfail", "quarantine", "tag", "continue"]
    static let hopActions = ["quarantine", "tag", "continue"]
    static let versions = ["TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"]

    static let all: [ConfigKey] = organisation + requirements + actions + replies + proxy

    static let organisation: [ConfigKey] = [
        ConfigKey(
            "tls_internal_domains", .list, default: "",
            "Domains of our organisation; clients in them or their subdomains are internal. "
                + "Empty: the registered domain of the MTA's host name ({j})."),
        ConfigKey(
            "tls_internal_networks", .list, default: "",
            "Networks of our organisation in CIDR notation; clients there are internal."),
        ConfigKey(
            "tls_private_networks_internal", .boolean, default: "yes",
            "Count clients at RFC 1918, RFC 4193 and link-local addresses as internal."),
        ConfigKey(
            "tls_signature_files", .list, default: "",
            "Received-line signature files tried before the built-in signatures."),
        ConfigKey(
            "tls_add_headers", .boolean, default: "yes",
            "Add X-TLSGuard-TLS (the connection's TLS) and X-TLSGuard-Hops (the chain totals)."),
    ]

    static let requirements: [ConfigKey] = [
        ConfigKey(
            "tls_require_client_networks", .list, default: "",
            "Require TLS from clients in these networks (CIDR notation)."),
        ConfigKey(
            "tls_require_helo_domains", .list, default: "",
            "Require TLS from clients whose HELO name is in these domains or their subdomains."),
        ConfigKey(
            "tls_require_sender_domains", .list, default: "",
            "Require TLS for envelope senders in these domains or their subdomains."),
        ConfigKey(
            "tls_require_recipient_domains", .list, default: "",
            "Require TLS for recipients in these domains or their subdomains (checked at RCPT)."),
        ConfigKey(
            "tls_minimum_version", .choice(versions), default: "TLSv1.2",
            "Lowest TLS version that meets a requirement."),
        ConfigKey(
            "tls_minimum_bits", .integer(0...65_536), default: "128",
            "Fewest symmetric cipher key bits that meet a requirement; 0 turns the check off."),
        ConfigKey(
            "tls_require_verified_certificate", .boolean, default: "no",
            "Also require a verified client certificate: sendmail's {verify} = OK, or for "
                + "Postfix, which has no {verify}, a {cert_subject}."),
        ConfigKey(
            "tls_enforce_stage", .choice(["mail", "rcpt"]), default: "rcpt",
            "Stage at which client, HELO and sender requirements reject or tempfail: MAIL FROM "
                + "or each RCPT TO. Recipient requirements always act at RCPT TO."),
    ]

    static let actions: [ConfigKey] = [
        ConfigKey(
            "tls_on_missing", .choice(violationActions), default: "reject",
            "Action when a requirement applies and the client used no TLS."),
        ConfigKey(
            "tls_on_weak", .choice(violationActions), default: "reject",
            "Action when the TLS version or cipher key bits are below the minimum."),
        ConfigKey(
            "tls_on_unverified", .choice(violationActions), default: "reject",
            "Action when a verified client certificate is required and missing."),
        ConfigKey(
            "tls_on_hop_clear", .choice(hopActions), default: "tag",
            "Action when an earlier internet hop of the Received chain was in clear text."),
        ConfigKey(
            "tls_on_hop_unknown", .choice(hopActions), default: "continue",
            "Action when the TLS of an earlier internet hop is unknown."),
        ConfigKey(
            "tls_tag_subject", .string, default: "",
            "Text put before the Subject by the tag action; empty: tag with a header only."),
    ]

    static let replies: [ConfigKey] = [
        ConfigKey(
            "tls_missing_reply", .reply, default: "530 5.7.0 Must issue a STARTTLS command first",
            "Reply of the reject action for missing TLS."),
        ConfigKey(
            "tls_missing_tempfail_reply", .reply,
            default: "450 4.7.0 Must issue a STARTTLS command first",
            "Reply of the tempfail action for missing TLS."),
        ConfigKey(
            "tls_weak_reply", .reply, default: "550 5.7.1 TLS protection too weak",
            "Reply of the reject action for weak TLS; the version or key bits follow the text."),
        ConfigKey(
            "tls_weak_tempfail_reply", .reply, default: "450 4.7.1 TLS protection too weak",
            "Reply of the tempfail action for weak TLS."),
        ConfigKey(
            "tls_unverified_reply", .reply,
            default: "550 5.7.1 Client certificate missing or not verified",
            "Reply of the reject action for a missing or unverified client certificate."),
        ConfigKey(
            "tls_unverified_tempfail_reply", .reply,
            default: "450 4.7.1 Client certificate missing or not verified",
            "Reply of the tempfail action for a missing or unverified client certificate."),
    ]

    static let proxy: [ConfigKey] = [
        ConfigKey(
            "tls_proxy_networks", .list, default: "",
            "Addresses of TLS-terminating proxies in front of the MTA (CIDR notation)."),
        ConfigKey(
            "tls_proxy_daemons", .list, default: "",
            "MTA listeners ({daemon_name}) that only proxies connect to, as with XCLIENT."),
        ConfigKey(
            "tls_proxy_header", .string, default: "",
            "Header field in which a trusted proxy passes the client's TLS facts; the field "
                + "is removed from messages that did not come through a proxy."),
    ]
}
