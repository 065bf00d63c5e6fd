extension Duration {
    /// The duration in seconds, fractions included.
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

extension ContinuousClock.Instant {
    /// Seconds from this instant to now.
    public var secondsSince: Double { (ContinuousClock.now - self).inSeconds }
}
