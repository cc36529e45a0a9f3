import AutoEncryptRedirect
import PHIDetection
import PluginAPI
import TLSRequirement

/// The rule plugins compiled into tlsguard, in their default order.
enum BuiltinPlugins {
    static var all: [PluginDescriptor] {
        [tlsRequirementDescriptor, PHIDetection.descriptor, AutoEncryptRedirectPlugin.descriptor]
    }
}
