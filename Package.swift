// swift-tools-version:6.1
import PackageDescription

/// Settings shared by every target: Swift 6 language mode plus the upcoming features we rely on.
let swiftSettings: [SwiftSetting] = [
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0335-existential-any.md
    .enableUpcomingFeature("ExistentialAny"),
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0444-member-import-visibility.md
    .enableUpcomingFeature("MemberImportVisibility"),
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0409-access-level-on-imports.md
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "ledger",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "LedgerKit", targets: ["LedgerKit"]),
        .library(name: "LedgerClient", targets: ["LedgerClient"]),
        .executable(name: "ledgerd", targets: ["LedgerDaemon"]),
        .executable(name: "ledgerctl", targets: ["ledgerctl"]),
        .executable(name: "ledger-desk", targets: ["LedgerDeskCommand"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // Already in Hummingbird's graph; named for the HTTP parts our channel handlers see.
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV.git", from: "0.10.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        // The shared event log (issue 16): PostgreSQL's own protocol, pooled connections, binary arrays.
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        // Benchmarks only: latency percentiles.
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLMDB",
            pkgConfig: "lmdb",
            providers: [.apt(["liblmdb-dev"])]
        ),
        // A Swift face on LMDB: environments, transactions lent to closures, cursors, typed errors.
        .target(
            name: "LMDB",
            dependencies: ["CLMDB", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "LedgerKit",
            dependencies: [
                "LMDB",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // ledgerd's API from Swift: blocking HTTP/1.1 over the Unix socket or an ssh connection.
        .target(name: "LedgerClient", dependencies: ["LedgerKit"], swiftSettings: swiftSettings),
        // The event log on a PostgreSQL database that several ledgerd nodes share.
        .target(
            name: "LedgerPostgreSQL",
            dependencies: [
                "LedgerKit",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The daemon's application: configuration, channel handlers, routes, middleware, services.
        .target(
            name: "LedgerServer",
            dependencies: [
                "LedgerKit",
                "LedgerPostgreSQL",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        // `ledgerd`: its command line, and nothing else.
        .executableTarget(
            name: "LedgerDaemon",
            dependencies: [
                "LedgerKit", "LedgerServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        // The HTML report of a subject, and the escaping every page of ours uses.
        .target(
            name: "LedgerReport",
            dependencies: ["LedgerKit", .product(name: "Mustache", package: "swift-mustache")],
            swiftSettings: swiftSettings
        ),
        // The desk: the web interface each user runs on their own machine, talking to ledgerd as they do.
        .target(
            name: "LedgerDesk",
            dependencies: [
                "LedgerKit", "LedgerClient", "LedgerReport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // `ledger-desk` (and `ledgerctl desk`, which starts it): its command line, and nothing else.
        .executableTarget(
            name: "LedgerDeskCommand",
            dependencies: [
                "LedgerDesk", "LedgerClient", "LedgerKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "ledgerctl",
            dependencies: [
                "LedgerKit", "LedgerClient", "LedgerReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "SwiftCSV", package: "SwiftCSV"),
            ],
            // Swift's runtime and Foundation linked in, compiled against their static modules (whose
            // autolinked libraries include CoreFoundation's and ICU's): the dynamic loader then has no
            // libraries of theirs to load and relocate at each start (docs/benchmarks.md).
            swiftSettings: swiftSettings + [.unsafeFlags(["-static-stdlib"])],
            linkerSettings: [.unsafeFlags(["-static-stdlib"])]
        ),
        .executableTarget(
            name: "StoreThroughput",
            dependencies: ["LedgerKit", "LedgerClient"],
            path: "Benchmarks/StoreThroughput",
            swiftSettings: swiftSettings
        ),
        // The benchmark suite and its SQLite baseline (Debian's libsqlite3); not part of the product.
        .systemLibrary(
            name: "CSQLite",
            path: "Benchmarks/CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // What HTTP/1.1 costs on a Unix socket at all: a fixed answer, one thread (LedgerBench's floor).
        .executableTarget(name: "FloorResponder", path: "Benchmarks/FloorResponder"),
        .executableTarget(
            name: "LedgerBench",
            dependencies: [
                "LedgerKit", "LedgerClient", "LMDB", "CSQLite", "LedgerTestSupport",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/LedgerBench",
            swiftSettings: swiftSettings
        ),
        // Seeded randomness and hostile input shared by the test targets.
        .target(
            name: "LedgerTestSupport",
            dependencies: ["LedgerKit", "LedgerPostgreSQL", .product(name: "Logging", package: "swift-log")],
            path: "Tests/LedgerTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LedgerKitTests",
            dependencies: [
                "LedgerKit", "LMDB", "LedgerTestSupport", "LedgerPostgreSQL", .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Vectors"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LedgerClientTests", dependencies: ["LedgerClient", "LedgerKit"], exclude: ["Vectors"],
            swiftSettings: swiftSettings),
        // The shared log on a private PostgreSQL server the tests start (Debian's initdb).
        .testTarget(
            name: "LedgerPostgreSQLTests",
            dependencies: [
                "LedgerKit", "LedgerPostgreSQL", "LedgerTestSupport", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Starts the built ledgerd and ledgerctl; `swift build --build-tests` builds them first.
        .testTarget(
            name: "LedgerDaemonTests",
            dependencies: ["LedgerKit", "LMDB", "LedgerTestSupport"],
            exclude: ["Python"],
            swiftSettings: swiftSettings
        ),
        // The desk's pages and guards in-process (HummingbirdTesting), and its escaping.
        .testTarget(
            name: "LedgerDeskTests",
            dependencies: [
                "LedgerDesk", "LedgerReport", "LedgerKit",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings
        ),
        // The daemon's routes served in-process (HummingbirdTesting) under a chosen caller: no socket.
        .testTarget(
            name: "LedgerServerTests",
            dependencies: [
                "LedgerServer", "LedgerKit",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
