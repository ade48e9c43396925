import Dispatch

/// Runs two pieces of work at once, on two threads, and returns both results: for the lists of
/// millions of rows a run writes, which read the same finished data and share nothing mutable.
enum Concurrently {
    /// `first()` and `second()`, each on its own thread; returns when both are done.
    static func both<A, B>(_ first: () -> A, _ second: () -> B) -> (A, B) {
        withoutActuallyEscaping(first) { first in
            withoutActuallyEscaping(second) { second in
                let work = Work(first: first, second: second)
                DispatchQueue.concurrentPerform(iterations: 2) { index in
                    if index == 0 { work.firstResult = work.first() } else { work.secondResult = work.second() }
                }
                return (work.firstResult!, work.secondResult!)
            }
        }
    }

    /// The two pieces of work and their results; each result is written by one thread and read
    /// only after both threads are done.
    private final class Work<A, B>: @unchecked Sendable {
        let first: () -> A
        let second: () -> B
        var firstResult: A?
        var secondResult: B?

        init(first: @escaping () -> A, second: @escaping () -> B) {
            (self.first, self.second) = (first, second)
        }
    }
}
