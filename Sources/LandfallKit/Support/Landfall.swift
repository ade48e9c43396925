/// Facts about Landfall itself that appear on its documents.
public enum Landfall {
    /// The tool's version, printed on every document.
    public static let version = "0.1.0"
}
