import Hummingbird
import LedgerClient
import LedgerKit

extension DeskPages {
    /// `GET /audit`: the tree head, the signed checkpoint, and the button that starts a full verification.
    func audit(_ request: Request, context: DeskRequestContext) async throws -> Response {
        let (head, checkpoint, status) = try await ledger { client in
            (try client.treeHead(), try client.checkpoint(), try client.status())
        }
        return page(
            "audit", title: "Audit", context: context,
            values: [
                "treeSize": String(head.treeSize), "root": head.rootHash, "checkpoint": checkpoint,
                "verifierKey": status.verifierKey,
            ])
    }

    /// `POST /audit/verify`: starts a verification and shows its progress page.
    func startVerification(_ request: Request, context: DeskRequestContext) async throws -> Response {
        PageResponse.redirect(to: "/audit/verification" + QueryString.make(["job": String(jobs.start())]))
    }

    /// `GET /audit/verification?job=N`: the progress bar (refreshed by the script, or every second without it).
    func verification(_ request: Request, context: DeskRequestContext) async throws -> Response {
        let (job, progress) = try verificationJob(request)
        var values: [String: Any] = [
            "job": String(job), "done": String(progress.done), "total": String(max(progress.total, 1)), "state": progress.state,
            "stateClass": progress.finished ? (progress.failed ? "failed" : "verified") : "",
        ]
        if !progress.finished { values["refresh"] = true }
        return page("verification", title: "Verification", context: context, values: values)
    }

    /// `GET /audit/verification.json?job=N`: `{"done","total","state","finished","failed"}` for the script.
    func verificationProgress(_ request: Request, context: DeskRequestContext) async throws -> Response {
        let (_, progress) = try verificationJob(request)
        let json: JSONValue = .object([
            "done": .number(Double(progress.done)), "total": .number(Double(progress.total)), "state": .string(progress.state),
            "finished": .bool(progress.finished), "failed": .bool(progress.failed),
        ])
        return PageResponse.json(CanonicalJSON.encode(json))
    }

    private func verificationJob(_ request: Request) throws -> (Int, VerificationJobs.Progress) {
        let query = try FormFields(encoded: request.uri.query?.utf8 ?? "".utf8)
        guard let job = query["job"].flatMap({ Int($0) }), let progress = jobs.progress(of: job) else {
            throw DeskError(.notFound, "There is no such verification; start one from the audit page.")
        }
        return (job, progress)
    }
}
