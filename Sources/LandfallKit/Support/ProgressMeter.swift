import Foundation

/// How far a long piece of work has come, said on one line that rewrites itself: the bytes read
/// of the total, the share and the rate, at most four times a second. Readers on several threads
/// add to it at once. It writes only where it is told to (the command line gives it standard
/// error when that is a terminal and `--quiet` is not given), so what a command writes is the same
/// with it or without it.
public final class ProgressMeter: @unchecked Sendable {
    private let label: String
    private let total: Int
    private let write: @Sendable (String) -> Void
    private let lock = NSLock()
    private var done = 0
    private let start = DispatchTime.now()
    private var lastShown: UInt64 = 0
    private var shown = false

    /// A meter for `total` bytes of `label`'s work that hands each line to `write`.
    public init(_ label: String, total: Int, write: @escaping @Sendable (String) -> Void) {
        self.label = label
        self.total = max(total, 1)
        self.write = write
    }

    /// Counts `bytes` more as read; shows the line when a quarter of a second has passed.
    public func add(_ bytes: Int) {
        lock.lock()
        defer { lock.unlock() }
        done += bytes
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - lastShown >= 250_000_000 else { return }
        lastShown = now
        show(now)
    }

    /// Clears the line, once the work is done (or stopped).
    public func finish() {
        lock.lock()
        defer { lock.unlock() }
        guard shown else { return }
        write("\r\u{1B}[K")
        shown = false
    }

    private func show(_ now: UInt64) {
        let seconds = Double(now - start.uptimeNanoseconds) / 1e9
        let read = min(done, total)
        let rate = seconds > 0 ? Double(read) / seconds : 0
        let line = "\(label): \(Self.megabytes(read)) of \(Self.megabytes(total)) MB (\(read * 100 / total) %), \(Self.megabytes(Int(rate))) MB/s"
        write("\r\u{1B}[K" + line)
        shown = true
    }

    /// `bytes` in megabytes with one decimal.
    static func megabytes(_ bytes: Int) -> String {
        let tenths = bytes / 100_000
        return "\(Format.count(tenths / 10)).\(tenths % 10)"
    }
}

/// The bytes of the regular files in some folders, counted down every level: a progress line's
/// total.
enum FolderSize {
    static func bytes(in folders: [String]) -> Int {
        var total = 0
        for folder in folders {
            guard let files = FileManager.default.enumerator(atPath: folder) else { continue }
            for case let name as String in files {
                let attributes = try? FileManager.default.attributesOfItem(atPath: (folder as NSString).appendingPathComponent(name))
                if attributes?[.type] as? FileAttributeType == .typeRegular { total += (attributes?[.size] as? Int) ?? 0 }
            }
        }
        return total
    }
}
