// swift-tools-version:6.0
//
// tlsguard: a milter that keeps protected health information from leaving in clear text.
//
// The SDK (Mail, PluginAPI, Logging, PluginTestKit) is the local package in SDK/, linked
// as one shared library by the daemon and by every plugin; SDK/Package.swift says why.
import PackageDescription

let sdk: Target.Dependency = .product(name: "TLSGuardSDK", package: "SDK")

let package = Package(
    name: "tlsguard",
    products: [
        .executable(name: "tlsguard", targets: ["tlsguard"]),
        // A third-party style rule plugin, built as a shared library and loaded with dlopen.
        .library(name: "ExampleSubjectTag", type: .dynamic, targets: ["ExampleSubjectTag"]),
        // Built for the tests of plugin loading only.
        .library(name: "WrongVersionPlugin", type: .dynamic, targets: ["WrongVersionPlugin"]),
    ],
    dependencies: [
        .package(path: "SDK")
    ],
    targets: [
        .systemLibrary(
            name: "CMilter", pkgConfig: "milter", providers: [.apt(["libmilter-dev"])]),
        .systemLibrary(
            name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CResolv", providers: [.apt(["libc6-dev"])]),

        .target(name: "MilterKit", dependencies: ["CMilter", sdk]),
        .target(name: "Engine", dependencies: [sdk]),

        .target(
            name: "TLSRequirement", dependencies: [sdk], path: "Plugins/TLSRequirement",
            resources: [.embedInCode("Resources/received-signatures.conf")]),
        .target(
            name: "PHIDetection", dependencies: [sdk], path: "Plugins/PHIDetection",
            resources: [.embedInCode("Dictionaries")]),
        .target(
            name: "AutoEncryptRedirect", dependencies: [sdk, "COpenSSL", "CResolv"],
            path: "Plugins/AutoEncryptRedirect"),
        .target(
            name: "ExampleSubjectTag", dependencies: [sdk], path: "Plugins/ExampleSubjectTag"),

        .target(
            name: "WrongVersionPlugin", dependencies: [sdk], path: "Tests/Plugins/WrongVersionPlugin"),

        .executableTarget(
            name: "tlsguard",
            dependencies: [
                "MilterKit", "Engine", "TLSRequirement", "PHIDetection", "AutoEncryptRedirect",
                sdk,
            ]),

        .executableTarget(
            name: "mime-benchmark", dependencies: [sdk], path: "Benchmarks/MIMEBenchmark"),
        .executableTarget(
            name: "phi-benchmark", dependencies: ["PHIDetection", sdk],
            path: "Benchmarks/PHIBenchmark"),

        .testTarget(name: "MailTests", dependencies: [sdk]),
        .testTarget(name: "PluginAPITests", dependencies: [sdk]),
        .testTarget(name: "MilterKitTests", dependencies: ["MilterKit", sdk]),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "ExampleSubjectTag", sdk]),
        .testTarget(name: "TLSRequirementTests", dependencies: ["TLSRequirement", sdk]),
        .testTarget(name: "PHIDetectionTests", dependencies: ["PHIDetection", sdk]),
        .testTarget(
            name: "AutoEncryptRedirectTests", dependencies: ["AutoEncryptRedirect", "Engine", sdk]),
        .testTarget(name: "IntegrationTests", dependencies: [sdk]),
        // A milter with a scripted handler that the MilterKit and integration tests run.
        .executableTarget(
            name: "milterkit-test-milter", dependencies: ["MilterKit", sdk],
            path: "Tests/TestMilter"),
    ]
)
