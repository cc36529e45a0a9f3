import AutoEncryptRedirect
import PluginAPI
import TLSRequirement

/// The rule plugins compiled into tlsguard.
enum BuiltinPlugins {
    // TODO: register phi_detection here when its target lands.
    static var all: [PluginDescriptor] {
        [tlsRequirementDescriptor, AutoEncryptRedirectPlugin.descriptor]
    }
}
