#ifndef LANDFALL_CSV_BLOCKS_H
#define LANDFALL_CSV_BLOCKS_H

#include <stddef.h>
#include <stdint.h>

/// Marks a CSV text 64 bytes at a time: for each block, bit masks of its quotes, commas, line
/// feeds and carriage returns, the quoted part found from the quotes alone (a running XOR), and
/// from them the offsets of the commas and line feeds that separate fields and records.

/// A mark for a line feed inside a quoted field (the offset is in the other bits).
#define LANDFALL_CSV_QUOTED_LINE_FEED 0x80000000u

/// What the marking found wrong, if anything.
enum landfall_csv_problem {
    LANDFALL_CSV_FINE = 0,
    /// A quote inside a field that did not start with one.
    LANDFALL_CSV_QUOTE_IN_UNQUOTED_FIELD = 1,
    /// Something other than a comma, a line end or a second quote after a closing quote.
    LANDFALL_CSV_TEXT_AFTER_CLOSING_QUOTE = 2,
    /// The text ends inside a quoted field.
    LANDFALL_CSV_QUOTE_NEVER_CLOSED = 3,
};

/// What one block hands to the next. Start a record's marking with `landfall_csv_start`.
typedef struct {
    /// All ones when the previous block ended inside a quoted field.
    uint64_t inside;
    /// 1 when the byte before the block separates fields (or the marking starts there).
    uint64_t after_separator;
    /// 1 when the byte before the block is a closing quote.
    uint64_t after_closing_quote;
    /// 1 when the byte before the block is a carriage return right after a closing quote.
    uint64_t carriage_return_after_quote;
    /// The offset of the last quote that opened a field, or -1.
    int64_t field_quote;
} landfall_csv_state;

/// What a call to `landfall_csv_mark` did.
typedef struct {
    /// How many marks it wrote.
    size_t marks;
    /// The offset up to which the text is marked (a multiple of 64 from `from`, or `length`).
    size_t marked;
    /// What it found wrong (marking stops there), and where.
    int problem;
    size_t problem_offset;
} landfall_csv_outcome;

/// The state at the start of a record.
static inline landfall_csv_state landfall_csv_start(void) {
    landfall_csv_state state = {0, 1, 0, 0, -1};
    return state;
}

/// Marks `text[from, length)` block by block, while `capacity` leaves room for a block's marks,
/// writing to `marks` the offsets of separating commas and line feeds (and, tagged, of quoted
/// line feeds), in order. A last block shorter than 64 bytes is marked only when `at_end`; then a
/// text that ends inside quotes is a problem. Offsets must stay below 2^31.
landfall_csv_outcome landfall_csv_mark(const uint8_t *text, size_t from, size_t length, int at_end,
                                       landfall_csv_state *state, uint32_t *marks, size_t capacity);

/// 1 when `text[0, length)` is valid UTF-8 (no overlong forms, no surrogates, nothing past
/// U+10FFFF), 0 when it is not. Runs of ASCII are read eight bytes at a time.
int landfall_utf8_valid(const uint8_t *text, size_t length);

#endif
