// swift-tools-version:6.0
//
// The tlsguard SDK: the modules that the tlsguard daemon and every rule plugin share.
//
// It is a package of its own because a rule plugin loaded with dlopen must use the very
// same copy of these types as the daemon. SwiftPM links a target statically into every
// target of the same package that depends on it, so a dynamic product in the root package
// would still give the daemon and the plugin two copies, and a plugin object would fail
// the daemon's `as? RulePlugin` cast. Depending on this package's dynamic product from
// both sides links one libTLSGuardSDK.so into both.
import PackageDescription

let package = Package(
    name: "TLSGuardSDK",
    products: [
        .library(
            name: "TLSGuardSDK",
            type: .dynamic,
            targets: ["CPluginABI", "Logging", "Mail", "PluginAPI", "PluginTestKit"]
        )
    ],
    targets: [
        .target(name: "CPluginABI"),
        .target(name: "Logging"),
        .target(name: "Mail"),
        .target(name: "PluginAPI", dependencies: ["CPluginABI", "Logging", "Mail"]),
        .target(name: "PluginTestKit", dependencies: ["PluginAPI", "Logging", "Mail"]),
    ]
)
