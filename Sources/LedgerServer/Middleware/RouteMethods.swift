import HTTPTypes
import Hummingbird
import Synchronization

/// The methods each path of the API answers, read from the router once its routes are in, so that a
/// request with a method a path does not have is answered 405 with an `Allow` header (RFC 9110 section
/// 15.5.6) rather than 404, as if the path did not exist.
final class RouteMethods: Sendable {
    private struct Route {
        /// The path's segments; `nil` where the path captures a parameter (`{id}`).
        let segments: [Substring?]
        let methods: [HTTPRequest.Method]
    }

    private let routes = Mutex<[Route]>([])

    /// Records the routes of `router`.
    func record(_ router: Router<LedgerRequestContext>) {
        var byPath: [String: [HTTPRequest.Method]] = [:]
        for route in router.routes { byPath[route.path.description, default: []].append(route.method) }
        let table = byPath.map { path, methods in
            Route(
                segments: path.split(separator: "/").map { $0.hasPrefix("{") || $0.hasPrefix(":") ? nil : $0 },
                methods: methods.sorted { $0.rawValue < $1.rawValue })
        }
        routes.withLock { $0 = table }
    }

    /// The methods `path` answers; empty when the API has no such path.
    func methods(for path: String) -> [HTTPRequest.Method] {
        let given = path.split(separator: "/")
        return routes.withLock { routes in
            routes.first { route in
                route.segments.count == given.count
                    && zip(route.segments, given).allSatisfy { pattern, segment in pattern.map { $0 == segment } ?? true }
            }?.methods ?? []
        }
    }
}
