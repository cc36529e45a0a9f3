import PluginAPI

/// The rule plugins compiled into tlsguard.
enum BuiltinPlugins {
    // TODO: register tls_requirement, phi_detection and auto_encrypt_redirect here as
    // their targets land.
    static var all: [PluginDescriptor] {
        []
    }
}
