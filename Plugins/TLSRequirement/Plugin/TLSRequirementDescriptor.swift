import PluginAPI

/// The TLS requirement plugin's registration, for the engine's static list of plugins.
public let tlsRequirementDescriptor = PluginDescriptor(
    name: "tls_requirement",
    summary: "Checks that mail arrived over TLS and judges every earlier hop of the Received "
        + "chain",
    configKeys: TLSRequirementKeys.all,
    failurePolicy: .tempfail,
    make: { configuration in
        try TLSRequirementPlugin(settings: TLSRequirementSettings(configuration: configuration))
    })

extension TLSRequirementPlugin {
    /// The same as `tlsRequirementDescriptor`.
    public static var descriptor: PluginDescriptor { tlsRequirementDescriptor }
}
