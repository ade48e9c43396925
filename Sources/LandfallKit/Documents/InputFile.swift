import Foundation

/// The checked bytes of one input file: present, a regular file, readable, within the size
/// limit, not empty, valid UTF-8, with any byte-order mark removed.
public struct InputFile: Sendable {
    /// The largest input Landfall reads, 64 MiB.
    public static let maximumSize = 64 * 1024 * 1024

    /// The path as the user gave it.
    public let path: String
    /// The content as UTF-8 bytes, without a byte-order mark.
    public let bytes: [UInt8]

    /// Reads and checks the file at `path`.
    ///
    /// - Throws: ``InputFailure`` naming the file: missing, a folder, unreadable (66); over the size
    ///   limit, empty, or not UTF-8 (65, with the line and column of the first bad byte).
    public init(path: String, maximumSize: Int = InputFile.maximumSize) throws(InputFailure) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .file(path, SystemError.brokenLink(at: path) ?? "does not exist", status: .noInput)
        }
        guard !isDirectory.boolValue else {
            throw .file(path, "is a folder, not a file", status: .noInput)
        }
        if let kind = SpecialFile.kind(at: path) {
            throw .file(path, "is \(kind), not a regular file", status: .noInput)
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .file(path, "cannot be read (permission denied?)", status: .noInput)
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: maximumSize + 1) ?? Data()
        } catch {
            throw .file(path, "cannot be read: \(SystemError.reason(error))", status: .noInput)
        }
        guard data.count <= maximumSize else {
            throw .file(path, "is larger than \(maximumSize / 1024 / 1024) MiB, the most Landfall reads", status: .dataError)
        }
        try self.init(path: path, contents: [UInt8](data))
    }

    /// Checks `contents` as the content of the file at `path` (which is not read): not empty,
    /// valid UTF-8, any byte-order mark removed.
    init(path: String, contents: [UInt8]) throws(InputFailure) {
        self.path = path
        var bytes = contents
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard bytes.contains(where: { !Self.isBlank($0) }) else {
            throw .file(path, "is empty", status: .dataError)
        }
        if let bad = UTF8Validation.firstInvalidByte(in: bytes) {
            throw .content(path, at: bad.position, "is not valid UTF-8 (byte 0x\(String(bad.byte, radix: 16, uppercase: true)))")
        }
        self.bytes = bytes
    }

    /// The content as a string (always valid: the bytes were checked).
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}

/// Finds the first byte that breaks UTF-8, with its line and column.
enum UTF8Validation {
    /// The first invalid byte, its line and column, and its offset in `bytes`; `nil` when all of
    /// `bytes` is valid UTF-8.
    static func firstInvalidByte(in bytes: [UInt8]) -> (byte: UInt8, position: TextPosition, offset: Int)? {
        var line = 1
        var column = 1
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 {
                if byte == 0x0A {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
                index += 1
                continue
            }
            let length: Int
            var minimum: UInt32 = 0
            var scalar: UInt32
            switch byte {
            case 0xC2...0xDF: length = 2; scalar = UInt32(byte & 0x1F); minimum = 0x80
            case 0xE0...0xEF: length = 3; scalar = UInt32(byte & 0x0F); minimum = 0x800
            case 0xF0...0xF4: length = 4; scalar = UInt32(byte & 0x07); minimum = 0x10000
            default: return (byte, TextPosition(line: line, column: column), index)
            }
            guard index + length <= count else { return (byte, TextPosition(line: line, column: column), index) }
            for offset in 1..<length {
                let next = bytes[index + offset]
                guard next & 0xC0 == 0x80 else { return (byte, TextPosition(line: line, column: column), index) }
                scalar = scalar << 6 | UInt32(next & 0x3F)
            }
            guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else {
                return (byte, TextPosition(line: line, column: column), index)
            }
            column += 1
            index += length
        }
        return nil
    }
}
