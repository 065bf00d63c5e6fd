/// Number serialization as ECMAScript's `Number.prototype.toString` (ECMA-262, 7.1.12.1), which RFC 8785
/// section 3.2.2.3 adopts.
///
/// Swift's `Double.description` already yields the shortest digit string that round-trips, choosing the
/// closest when several do, which is what ECMA-262 asks of `s` and `k`; we re-lay those digits out
/// by ECMAScript's rules for where the decimal point and exponent go.
enum ECMAScriptNumber {
    static func format(_ value: Double) -> String {
        precondition(value.isFinite, "JSON has no form for NaN or infinity.")
        if value == 0 { return "0" }  // also -0
        // Integers below 2^53 print as their digits in every rule of the algorithm below; most numbers
        // of a ledger (seq, counts) are such, so they skip the digit extraction.
        if value.magnitude < 9_007_199_254_740_992, value.rounded(.towardZero) == value { return String(Int64(value)) }
        let (digits, pointPosition) = shortestDigits(of: value.magnitude)
        let sign = value < 0 ? "-" : ""
        let k = digits.count
        let n = pointPosition
        var text: String
        if k <= n && n <= 21 {
            text = String(decoding: digits, as: UTF8.self) + String(repeating: "0", count: n - k)
        } else if 0 < n && n <= 21 {
            text = String(decoding: digits[..<n], as: UTF8.self) + "." + String(decoding: digits[n...], as: UTF8.self)
        } else if -6 < n && n <= 0 {
            text = "0." + String(repeating: "0", count: -n) + String(decoding: digits, as: UTF8.self)
        } else {
            let exponent = n - 1
            let exponentText = (exponent < 0 ? "-" : "+") + String(exponent.magnitude)
            text = String(decoding: digits[..<1], as: UTF8.self)
            if k > 1 { text += "." + String(decoding: digits[1...], as: UTF8.self) }
            text += "e" + exponentText
        }
        return sign + text
    }

    /// The shortest round-trip digits of a positive finite `value`, without leading or trailing zeros,
    /// and `n`, such that value = 0.d₁d₂… × 10ⁿ.
    private static func shortestDigits(of value: Double) -> (digits: [UInt8], pointPosition: Int) {
        let text = Array(value.description.utf8)  // e.g. "1e-06", "123.45", "1.0000000000000001e+23"
        var mantissa = text[...]
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            mantissa = text[..<e]
            exponent = Int(String(decoding: text[(e + 1)...], as: UTF8.self))!
        }
        var digits: [UInt8] = []
        var integerDigits = 0
        var seenPoint = false
        for byte in mantissa {
            if byte == UInt8(ascii: ".") {
                seenPoint = true
            } else {
                digits.append(byte)
                if !seenPoint { integerDigits += 1 }
            }
        }
        var pointPosition = integerDigits + exponent
        while let first = digits.first, first == UInt8(ascii: "0") {
            digits.removeFirst()
            pointPosition -= 1
        }
        while let last = digits.last, last == UInt8(ascii: "0") {
            digits.removeLast()
        }
        return (digits, pointPosition)
    }
}
