@main
struct Ledgerctl {
    static func main() {}
}
