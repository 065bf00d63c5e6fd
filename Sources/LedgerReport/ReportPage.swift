import Foundation
public import LedgerKit
import Mustache

/// The report of one receipt: what the template shows, laid out (the timeline's coordinates are
/// computed here), then rendered by the mustache template.
public struct ReportPage {
    public let receipt: BeliefReceipt
    public let events: [Event]
    public let fileName: String

    /// Reads the receipt's events; throws when one is not a stored event.
    public init(receipt: BeliefReceipt, fileName: String) throws {
        self.receipt = receipt
        self.fileName = fileName
        events = try receipt.events.map { try EventDecoder.storedEvent(from: $0) }
    }

    /// The page's HTML.
    public func render() throws -> String {
        let library = try HTMLText.library([
            "page": ReportTemplate.page, "timeline": ReportTemplate.timeline, "timelineStyle": ReportTemplate.timelineStyle,
        ])
        return library.render(try context(), withTemplate: "page") ?? ""
    }

    private var claims: [(event: Event, claim: Assertion)] {
        events.compactMap { event in
            if case .assert(let claim) = event.body { return (event, claim) }
            return nil
        }
    }

    private func context() throws -> [String: Any] {
        let checkpoint = try Checkpoint(body: NoteBody.body(of: receipt.checkpoint))
        var context: [String: Any] = [
            "subject": receipt.belief.subject, "at": receipt.belief.at, "asOf": receipt.belief.asOf,
            "treeSize": String(checkpoint.treeSize), "verifierKey": receipt.verifierKey, "fileName": fileName,
            "predicates": receipt.belief.predicates.map { predicate -> [String: Any] in
                [
                    "predicate": predicate.predicate, "status": predicate.status.rawValue,
                    "candidates": predicate.candidates.map { candidate -> [String: Any] in
                        var row: [String: Any] = ["object": CanonicalJSON.string(candidate.object)]
                        if !candidate.affirmedBy.isEmpty { row["affirmed"] = graded(candidate.affirmedBy) }
                        if !candidate.deniedBy.isEmpty { row["denied"] = graded(candidate.deniedBy) }
                        if let credibility = candidate.credibility {
                            row["credibility"] = "\(credibility.rawValue) \(credibility.name)"
                        }
                        return row
                    },
                    "loadBearing": (predicate.loadBearing ?? []).isEmpty
                        ? [] : [(predicate.loadBearing ?? []).joined(separator: ", ")],
                ]
            },
            "claims": claims.filter { SourceFacts.source(ofSubject: $0.claim.subject) == nil }.map {
                claimContext($0, after: followUps)
            },
            "groups": receipt.belief.sharedOriginGroups.map { $0.joined(separator: "; ") },
            "receiptJSON": try Self.scriptSafeJSON(receipt),
        ]
        for (key, value) in Timeline(events: events, at: receipt.belief.at).context { context[key] = value }
        return context
    }

    /// Sources with their letters: `Syrian Foreign Ministry [D]`.
    private func graded(_ sources: [String]) -> String {
        sources.map { source in receipt.belief.sources?[source.exact].map { "\(source) [\($0.reliability.rawValue)]" } ?? source }
            .joined(separator: "; ")
    }

    /// The retraction and the erasure of each claim, by the claim's id.
    private var followUps: [String: (retraction: Event?, erasure: Event?)] {
        var byTarget: [String: (retraction: Event?, erasure: Event?)] = [:]
        for event in events {
            switch event.body {
            case .retract(let retraction): byTarget[retraction.target, default: (nil, nil)].retraction = event
            case .erase(let erasure): byTarget[erasure.target, default: (nil, nil)].erasure = event
            case .assert: break
            }
        }
        return byTarget
    }

    private func claimContext(
        _ item: (event: Event, claim: Assertion), after followUps: [String: (retraction: Event?, erasure: Event?)]
    ) -> [String: Any] {
        let (event, claim) = item
        var context: [String: Any] = [
            "source": claim.source, "verb": claim.stance == .deny ? "denies" : "affirms", "predicate": claim.predicate,
            "object": CanonicalJSON.string(claim.object), "effectiveAt": event.effectiveAt.rfc3339, "seq": String(event.seq),
            "id": event.id, "recordedAt": event.recordedAt.rfc3339, "actor": event.actor,
        ]
        if let via = claim.via { context["via"] = via.joined(separator: ", ") }
        if let basis = claim.basis { context["basis"] = basis.rawValue }
        if let evidence = claim.evidence {
            if let quote = evidence.quote { context["quote"] = quote }
            if let note = evidence.note { context["note"] = note }
            if let citation = evidence.citation {
                // Only web addresses become links; anything else (javascript:, data:) is shown as text.
                context[HTMLText.isWebAddress(citation) ? "citationLink" : "citationText"] =
                    citation
            }
        }
        if let retraction = followUps[event.id]?.retraction, case .retract(let body) = retraction.body {
            context["retracted"] = ["at": retraction.effectiveAt.rfc3339, "seq": String(retraction.seq), "reason": body.reason]
        }
        if let erasure = followUps[event.id]?.erasure, case .erase(let body) = erasure.body {
            context["erased"] = ["at": erasure.recordedAt.rfc3339, "actor": erasure.actor, "reason": body.reason]
        }
        return context
    }

    /// The receipt as JSON that cannot end the `<script>` element holding it, nor open a comment:
    /// `<`, `>` and `&` written as JSON's `\u` escapes, which any JSON parser reads back unchanged.
    /// Done on bytes: these three can only stand inside JSON strings, where the escape reads back the same.
    public static func scriptSafeJSON(_ receipt: BeliefReceipt) throws -> String {
        var output: [UInt8] = []
        for byte in try JSONValueEncoder().canonicalBytes(of: receipt) {
            switch byte {
            case UInt8(ascii: "&"): output += Array("\\u0026".utf8)
            case UInt8(ascii: "<"): output += Array("\\u003c".utf8)
            case UInt8(ascii: ">"): output += Array("\\u003e".utf8)
            default: output.append(byte)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}

/// The body of a signed note (its text before the signature lines), to read the checkpoint shown.
public enum NoteBody {
    /// The note's text before its signature lines.
    public static func body(of note: String) -> String {
        guard let separator = note.range(of: "\n\n", options: .backwards) else { return note }
        return String(note[..<separator.lowerBound]) + "\n"
    }
}
