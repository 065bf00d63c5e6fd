@main
struct LedgerDaemon {
    static func main() {}
}
