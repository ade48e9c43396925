import Foundation

/// A file written as its bytes come, a few MB at a time, and created with its first bytes: a
/// step that sends nothing leaves no file.
final class StreamedFile {
    let path: String
    private var sink: FileSink?
    private var buffer: [UInt8] = []

    init(path: String) {
        self.path = path
    }

    /// Appends `bytes`, creating the file (and its folder) first when they are its first.
    func append(_ bytes: [UInt8]) throws(OutputWriter.Failure) {
        try bytes.withUnsafeBufferPointer { buffer throws(OutputWriter.Failure) in try append(buffer) }
    }

    /// Appends `bytes` and a line feed.
    func appendLine(_ bytes: UnsafeBufferPointer<UInt8>) throws(OutputWriter.Failure) {
        try append(bytes)
        buffer.append(0x0A)
    }

    /// Appends the first `count` bytes of the file at `source` (a header row, as that file has it).
    func append(firstBytesOf source: String, count: Int) throws(OutputWriter.Failure) {
        try append(UnsafeBufferPointer(start: nil, count: 0))
        flush()
        try sink?.copy(from: source, offset: 0, count: count)
    }

    private func append(_ bytes: UnsafeBufferPointer<UInt8>) throws(OutputWriter.Failure) {
        if sink == nil {
            try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            sink = try FileSink(path: path)
        }
        buffer.append(contentsOf: bytes)
        if buffer.count >= FileSink.chunk { flush() }
    }

    private func flush() {
        buffer.withUnsafeBytes { sink?.write($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is left and closes the file.
    func finish() throws(OutputWriter.Failure) {
        guard let sink else { return }
        flush()
        try sink.close()
        self.sink = nil
    }
}
