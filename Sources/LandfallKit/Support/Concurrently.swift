import Dispatch

/// Runs pieces of work at once, on threads of their own, and returns their results: for the lists
/// of millions of rows a run writes, and for the parts of a large export file, which read the
/// same finished data and share nothing mutable.
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

    /// `body(0)` to `body(count - 1)`, each on a thread of its own as far as the processor has
    /// them; returns their results in order once all are done.
    static func each<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
        withoutActuallyEscaping(body) { body in
            let results = Results<T>(count: count, body: body)
            DispatchQueue.concurrentPerform(iterations: count) { index in results.run(index) }
            return results.values.map { $0! }
        }
    }

    /// The results of ``each(_:_:)``: slot `index` is written by the thread that runs `index`
    /// alone, and all are read only after every thread is done.
    private final class Results<T>: @unchecked Sendable {
        let body: (Int) -> T
        private let slots: UnsafeMutableBufferPointer<T?>

        init(count: Int, body: @escaping (Int) -> T) {
            self.body = body
            slots = .allocate(capacity: count)
            slots.initialize(repeating: nil)
        }

        deinit {
            _ = slots.deinitialize()
            slots.deallocate()
        }

        func run(_ index: Int) {
            slots[index] = body(index)
        }

        var values: [T?] { Array(slots) }
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
