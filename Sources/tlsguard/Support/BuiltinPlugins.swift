import PluginAPI
import TLSRequirement

/// The rule plugins compiled into tlsguard.
enum BuiltinPlugins {
    // TODO: register phi_detection and auto_encrypt_redirect here as their targets land.
    static var all: [PluginDescriptor] {
        [tlsRequirementDescriptor]
    }
}
