import HTTPTypes
import LedgerKit
import Testing

@testable import LedgerServer

/// Who may do what, through the router under each caller: every 403 says who the caller is, what they
/// may not do and which configuration key would let them, and writes nothing.
@Suite("Every refusal of a caller says who and why")
struct AuthorizationTests {
    static let claim = #"{"type":"assert","subject":"s","predicate":"p","object":1,"source":"x"}"#

    struct Refusal: CustomStringConvertible, Sendable {
        var description: String
        var method: HTTPRequest.Method
        var path: String
        var caller: PeerIdentity?
        var body: String?
        var sentence: String
    }

    static let refusals: [Refusal] = [
        Refusal(
            description: "a connection without credentials", method: .get, path: "/v1/belief?subject=s", caller: nil,
            sentence: "ledgerd could not read your Unix credentials from the socket, so it cannot tell who you are."),
        Refusal(
            description: "a stranger reading", method: .get, path: "/v1/belief?subject=s", caller: Caller.stranger,
            sentence:
                "You are sam (uid 3003), who may not read this ledger; ask its operator to add your user or one of your groups to read_users or read_groups in ledgerd's configuration."
        ),
        Refusal(
            description: "a stranger replaying", method: .get, path: "/v1/events", caller: Caller.stranger,
            sentence:
                "You are sam (uid 3003), who may not read this ledger; ask its operator to add your user or one of your groups to read_users or read_groups in ledgerd's configuration."
        ),
        Refusal(
            description: "a reader appending", method: .post, path: "/v1/events", caller: Caller.reader,
            body: #"{"events":[\#(claim)]}"#,
            sentence:
                "You are rita (uid 2002), who may not append to this ledger; ask its operator to add your user or one of your groups to append_users or append_groups in ledgerd's configuration."
        ),
        Refusal(
            description: "a desk member erasing", method: .post, path: "/v1/events", caller: Caller.desk,
            body: #"{"events":[{"type":"erase","target":"quoted","reason":"r"}]}"#,
            sentence:
                "You are dana (uid 2001), who may not erase evidence from this ledger; run the command as the user ledgerd runs as, or ask its operator to add your user or one of your groups to erase_users or erase_groups in ledgerd's configuration."
        ),
        Refusal(
            description: "a desk member appending and erasing in one batch", method: .post, path: "/v1/events",
            caller: Caller.desk, body: #"{"events":[\#(claim),{"type":"erase","target":"quoted","reason":"r"}]}"#,
            sentence:
                "You are dana (uid 2001), who may not erase evidence from this ledger; run the command as the user ledgerd runs as, or ask its operator to add your user or one of your groups to erase_users or erase_groups in ledgerd's configuration."
        ),
        Refusal(
            description: "a desk member compacting", method: .post, path: "/v1/admin/compact", caller: Caller.desk,
            sentence:
                "You are dana (uid 2001), who may not back up, restore or compact this ledger; run the command as the user ledgerd runs as, or ask its operator to add your user or one of your groups to admin_users or admin_groups in ledgerd's configuration."
        ),
        Refusal(
            description: "a reader restoring", method: .post, path: "/v1/admin/restore", caller: Caller.reader, body: "",
            sentence:
                "You are rita (uid 2002), who may not back up, restore or compact this ledger; run the command as the user ledgerd runs as, or ask its operator to add your user or one of your groups to admin_users or admin_groups in ledgerd's configuration."
        ),
    ]

    @Test func everyRefusalIsA403WithItsSentenceAndWritesNothing() async throws {
        try await InProcessDaemon.run { daemon in
            try await daemon.append(
                #"{"type":"assert","subject":"s","predicate":"p","object":2,"source":"y","id":"quoted","evidence":{"quote":"q"}}"#
            )
            for refusal in Self.refusals {
                let answer = try await daemon.request(refusal.method, refusal.path, as: refusal.caller, body: refusal.body)
                #expect(answer.status == 403, "\(refusal): \(answer.text)")
                #expect(answer.error?.code == "forbidden", "\(refusal)")
                #expect(answer.error?.message == refusal.sentence, "\(refusal)")
                #expect(try daemon.ledger.head() == 1, "\(refusal) wrote something")
            }
        }
    }

    @Test func eachCallerMayDoWhatThePolicyGrants() async throws {
        try await InProcessDaemon.run { daemon in
            #expect(
                try await daemon.request(.post, "/v1/events", as: Caller.desk, body: #"{"events":[\#(Self.claim)]}"#).status
                    == 200)
            #expect(try await daemon.request(.get, "/v1/belief?subject=s", as: Caller.reader).status == 200)
            #expect(
                try await daemon.request(.get, "/v1/belief?subject=s", as: Caller.desk).status == 200, "appending implies reading"
            )
            // Health and status answer anyone who can open the socket; status says what they may do.
            #expect(try await daemon.request(.get, "/v1/health", as: Caller.stranger).status == 200)
            let status = try await daemon.request(.get, "/v1/status", as: Caller.stranger)
            #expect(status.status == 200)
            // The daemon's own user may erase and administer without being named anywhere.
            try await daemon.append(
                #"{"type":"assert","subject":"t","predicate":"p","object":1,"source":"x","id":"q","evidence":{"quote":"q"}}"#)
            try await daemon.append(#"{"type":"erase","target":"q","reason":"the source's safety"}"#)
            #expect(try await daemon.request(.post, "/v1/admin/compact", as: Caller.daemon).status == 200)
        }
    }

    @Test func theConfigurationGrantsByUserGroupUIDAndStar() async throws {
        try await InProcessDaemon.run(
            .configured {
                $0.access.eraseUsers = ["dana"]
                $0.access.adminGroups = ["readers"]
                $0.access.readUsers = ["uid:3003"]
            }
        ) { daemon in
            try await daemon.append(
                #"{"type":"assert","subject":"s","predicate":"p","object":2,"source":"y","id":"quoted","evidence":{"quote":"q"}}"#
            )
            #expect(try await daemon.request(.get, "/v1/belief?subject=s", as: Caller.stranger).status == 200)
            #expect(
                try await daemon.request(
                    .post, "/v1/events", as: Caller.desk, body: #"{"events":[{"type":"erase","target":"quoted","reason":"r"}]}"#
                ).status == 200)
            #expect(try await daemon.request(.post, "/v1/admin/compact", as: Caller.reader).status == 200)
        }
        try await InProcessDaemon.run(.configured { $0.access.appendUsers = ["*"] }) { daemon in
            let answer = try await daemon.request(
                .post, "/v1/events", as: Caller.stranger, body: #"{"events":[\#(Self.claim)]}"#)
            #expect(answer.status == 200, "\(answer.text)")
        }
    }
}
