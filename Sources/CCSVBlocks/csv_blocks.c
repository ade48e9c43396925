#include "landfall_csv_blocks.h"
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

typedef struct {
    uint64_t quotes, commas, line_feeds, carriage_returns;
} masks;

#if defined(__x86_64__)
/// The same with 32-byte registers, where the processor has them.
__attribute__((target("avx2"))) static inline masks classify_avx2(const uint8_t *block) {
    const __m256i quote = _mm256_set1_epi8('"'), comma = _mm256_set1_epi8(','), line_feed = _mm256_set1_epi8('\n'), carriage_return = _mm256_set1_epi8('\r');
    __m256i low = _mm256_loadu_si256((const __m256i *)block), high = _mm256_loadu_si256((const __m256i *)(block + 32));
    masks found;
    found.quotes = (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(low, quote)) | (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(high, quote)) << 32;
    found.commas = (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(low, comma)) | (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(high, comma)) << 32;
    found.line_feeds = (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(low, line_feed)) | (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(high, line_feed)) << 32;
    found.carriage_returns = (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(low, carriage_return)) | (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(high, carriage_return)) << 32;
    return found;
}
#endif

/// Bit masks of a block's quotes, commas, line feeds and carriage returns.
static inline masks classify(const uint8_t *block) {
    masks found;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), comma = _mm_set1_epi8(','), line_feed = _mm_set1_epi8('\n'), carriage_return = _mm_set1_epi8('\r');
    uint64_t q = 0, c = 0, l = 0, r = 0;
    for (int part = 0; part < 4; part++) {
        __m128i bytes = _mm_loadu_si128((const __m128i *)(block + 16 * part));
        q |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, quote)) << (16 * part);
        c |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, comma)) << (16 * part);
        l |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, line_feed)) << (16 * part);
        r |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, carriage_return)) << (16 * part);
    }
    found.quotes = q;
    found.commas = c;
    found.line_feeds = l;
    found.carriage_returns = r;
#else
    found.quotes = found.commas = found.line_feeds = found.carriage_returns = 0;
    for (int index = 0; index < 64; index++) {
        uint64_t bit = (uint64_t)1 << index;
        switch (block[index]) {
        case '"': found.quotes |= bit; break;
        case ',': found.commas |= bit; break;
        case '\n': found.line_feeds |= bit; break;
        case '\r': found.carriage_returns |= bit; break;
        }
    }
#endif
    return found;
}

/// Bit i of the result is the XOR of bits 0 to i: 1 from an opening quote up to its closing one.
static inline uint64_t prefix_xor(uint64_t bits) {
    bits ^= bits << 1;
    bits ^= bits << 2;
    bits ^= bits << 4;
    bits ^= bits << 8;
    bits ^= bits << 16;
    bits ^= bits << 32;
    return bits;
}

/// Writes the offsets of the bits of `separators` and `quoted_line_feeds` (the latter tagged),
/// lowest first, for the block at `base`; returns how many.
static inline size_t emit(uint32_t *marks, size_t base, uint64_t separators, uint64_t quoted_line_feeds) {
    size_t count = 0;
    uint64_t wanted = separators | quoted_line_feeds;
    while (wanted) {
        int index = __builtin_ctzll(wanted);
        uint32_t offset = (uint32_t)(base + index);
        marks[count++] = (quoted_line_feeds >> index) & 1 ? offset | LANDFALL_CSV_QUOTED_LINE_FEED : offset;
        wanted &= wanted - 1;
    }
    return count;
}

/// The marking, for one way of classifying blocks (`wide`: 32-byte registers).
static inline __attribute__((always_inline)) landfall_csv_outcome mark(const uint8_t *text, size_t from, size_t length, int at_end,
                                                                      landfall_csv_state *state, uint32_t *marks, size_t capacity, int wide) {
    landfall_csv_outcome outcome = {0, from, LANDFALL_CSV_FINE, 0};
    size_t base = from;
    // The state lives in registers while the blocks are marked.
    uint64_t was_inside = state->inside, was_after_separator = state->after_separator;
    uint64_t was_after_closing_quote = state->after_closing_quote, was_carriage_return_after_quote = state->carriage_return_after_quote;
    int64_t field_quote = state->field_quote;
    uint8_t padded[64];
    while (base < length && outcome.marks + 64 <= capacity) {
        size_t available = length - base;
        const uint8_t *block = text + base;
        uint64_t valid = ~(uint64_t)0;
        if (available < 64) {
            if (!at_end) break;
            memset(padded, 0, sizeof padded);
            memcpy(padded, block, available);
            block = padded;
            valid = ((uint64_t)1 << available) - 1;
        }
#if defined(__x86_64__)
        masks found = wide ? classify_avx2(block) : classify(block);
#else
        masks found = classify(block);
#endif
        uint64_t inside = prefix_xor(found.quotes) ^ was_inside;
        uint64_t opening = found.quotes & inside;
        uint64_t closing = found.quotes & ~inside;
        uint64_t separators = found.commas | found.line_feeds;
        uint64_t after_separator = (separators << 1) | was_after_separator;
        uint64_t after_closing = (closing << 1) | was_after_closing_quote;

        // An opening quote starts a field, or follows a closing quote (a doubled quote).
        uint64_t bad_opening = opening & ~after_separator & ~after_closing;
        // A closing quote is followed by a separator, a second quote, or CR LF.
        uint64_t bad_after = after_closing & ~(separators | found.quotes | found.carriage_returns);
        uint64_t carriage_returns = after_closing & found.carriage_returns;
        uint64_t bad_carriage_return = carriage_returns & ~(found.line_feeds >> 1) & ~((uint64_t)1 << 63);
        // A carriage return that ends the text ends its last record.
        if (available < 64) bad_carriage_return &= ~((uint64_t)1 << (available - 1));
        if (was_carriage_return_after_quote && !(found.line_feeds & 1)) bad_carriage_return |= 1; // reported at the CR, one byte back
        uint64_t bad = (bad_opening | bad_after | bad_carriage_return) & valid;
        if (bad) {
            int at = __builtin_ctzll(bad);
            uint64_t bit = (uint64_t)1 << at;
            outcome.problem = (bad_opening & bit) ? LANDFALL_CSV_QUOTE_IN_UNQUOTED_FIELD : LANDFALL_CSV_TEXT_AFTER_CLOSING_QUOTE;
            outcome.problem_offset = base + at - ((bad_carriage_return & bit) && at == 0 && was_carriage_return_after_quote ? 1 : 0);
            // Marks before the problem stand.
            uint64_t before = (bit - 1) & valid;
            outcome.marks += emit(marks + outcome.marks, base, separators & ~inside & before, found.line_feeds & inside & before);
            outcome.marked = base + at;
            state->field_quote = field_quote;
            return outcome;
        }
        uint64_t field_openings = opening & after_separator & valid;
        if (field_openings) field_quote = (int64_t)(base + 63 - __builtin_clzll(field_openings));

        outcome.marks += emit(marks + outcome.marks, base, separators & ~inside & valid, found.line_feeds & inside & valid);

        was_inside = (uint64_t)((int64_t)inside >> 63);
        was_after_separator = separators >> 63;
        was_after_closing_quote = closing >> 63;
        was_carriage_return_after_quote = carriage_returns >> 63;
        base = available < 64 ? length : base + 64;
    }
    outcome.marked = base;
    state->inside = was_inside;
    state->after_separator = was_after_separator;
    state->after_closing_quote = was_after_closing_quote;
    state->carriage_return_after_quote = was_carriage_return_after_quote;
    state->field_quote = field_quote;
    // The text ends inside quotes: the last quote that opened a field is never closed. (Padding
    // holds no quote, so the state after a short last block is that of its last byte.)
    if (at_end && base == length && was_inside) {
        outcome.problem = LANDFALL_CSV_QUOTE_NEVER_CLOSED;
        outcome.problem_offset = field_quote < 0 ? from : (size_t)field_quote;
    }
    return outcome;
}

#if defined(__x86_64__)
/// Whether the processor has 32-byte registers: asked once; threads that ask at the same time
/// find the same answer.
static inline int has_avx2(void) {
    static int wide = -1;
    int known = __atomic_load_n(&wide, __ATOMIC_RELAXED);
    if (known < 0) {
        known = __builtin_cpu_supports("avx2") ? 1 : 0;
        __atomic_store_n(&wide, known, __ATOMIC_RELAXED);
    }
    return known;
}

__attribute__((target("avx2"))) static landfall_csv_outcome mark_wide(const uint8_t *text, size_t from, size_t length, int at_end,
                                                                     landfall_csv_state *state, uint32_t *marks, size_t capacity) {
    return mark(text, from, length, at_end, state, marks, capacity, 1);
}
#endif

landfall_csv_outcome landfall_csv_mark(const uint8_t *text, size_t from, size_t length, int at_end,
                                       landfall_csv_state *state, uint32_t *marks, size_t capacity) {
#if defined(__x86_64__)
    if (has_avx2()) return mark_wide(text, from, length, at_end, state, marks, capacity);
#endif
    return mark(text, from, length, at_end, state, marks, capacity, 0);
}

static int utf8_valid_scalar(const uint8_t *text, size_t length) {
    size_t index = 0;
    while (index < length) {
#if defined(__SSE2__)
        while (index + 16 <= length && _mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(text + index))) == 0) index += 16;
#endif
        while (index + 8 <= length) {
            uint64_t word;
            memcpy(&word, text + index, 8);
            if (word & 0x8080808080808080ull) break;
            index += 8;
        }
        if (index >= length) break;
        uint8_t lead = text[index];
        if (lead < 0x80) {
            index += 1;
        } else if (lead >= 0xC2 && lead <= 0xDF) {
            if (index + 1 >= length || (text[index + 1] & 0xC0) != 0x80) return 0;
            index += 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            if (index + 2 >= length) return 0;
            uint8_t second = text[index + 1], third = text[index + 2];
            if ((second & 0xC0) != 0x80 || (third & 0xC0) != 0x80) return 0;
            if (lead == 0xE0 && second < 0xA0) return 0;
            if (lead == 0xED && second > 0x9F) return 0;
            index += 3;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            if (index + 3 >= length) return 0;
            uint8_t second = text[index + 1], third = text[index + 2], fourth = text[index + 3];
            if ((second & 0xC0) != 0x80 || (third & 0xC0) != 0x80 || (fourth & 0xC0) != 0x80) return 0;
            if (lead == 0xF0 && second < 0x90) return 0;
            if (lead == 0xF4 && second > 0x8F) return 0;
            index += 4;
        } else {
            return 0;
        }
    }
    return 1;
}

#if defined(__x86_64__)
// The UTF-8 check of Keiser and Lemire ("Validating UTF-8 in less than one instruction per byte",
// 2021): each byte's high nibble and the nibbles of the byte before it look up, in three small
// tables, the errors the pair could be; the three answers ANDed are the errors it is.
enum {
    TOO_SHORT = 1 << 0, TOO_LONG = 1 << 1, OVERLONG_3 = 1 << 2, TOO_LARGE = 1 << 3,
    SURROGATE = 1 << 4, OVERLONG_2 = 1 << 5, TOO_LARGE_1000 = 1 << 6, OVERLONG_4 = 1 << 6,
    TWO_CONTS = 1 << 7, CARRY = TOO_SHORT | TOO_LONG | TWO_CONTS,
};

/// A 16-entry table, the same in both 16-byte lanes (the byte shuffle looks up within a lane).
#define LANES(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p) \
    _mm256_setr_epi8((char)(a), (char)(b), (char)(c), (char)(d), (char)(e), (char)(f), (char)(g), (char)(h), \
                     (char)(i), (char)(j), (char)(k), (char)(l), (char)(m), (char)(n), (char)(o), (char)(p), \
                     (char)(a), (char)(b), (char)(c), (char)(d), (char)(e), (char)(f), (char)(g), (char)(h), \
                     (char)(i), (char)(j), (char)(k), (char)(l), (char)(m), (char)(n), (char)(o), (char)(p))

__attribute__((target("avx2"))) static inline __m256i utf8_previous(__m256i input, __m256i previous, int count) {
    __m256i joined = _mm256_permute2x128_si256(previous, input, 0x21);
    switch (count) {
    case 1: return _mm256_alignr_epi8(input, joined, 15);
    case 2: return _mm256_alignr_epi8(input, joined, 14);
    default: return _mm256_alignr_epi8(input, joined, 13);
    }
}

__attribute__((target("avx2"))) static inline __m256i utf8_errors(__m256i input, __m256i previous) {
    const __m256i nibble = _mm256_set1_epi8(0x0F);
    __m256i before = utf8_previous(input, previous, 1);
    __m256i byte_1_high = _mm256_shuffle_epi8(LANES(TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
                                                    TWO_CONTS, TWO_CONTS, TWO_CONTS, TWO_CONTS,
                                                    TOO_SHORT | OVERLONG_2, TOO_SHORT, TOO_SHORT | OVERLONG_3 | SURROGATE,
                                                    TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4),
                                              _mm256_and_si256(_mm256_srli_epi16(before, 4), nibble));
    __m256i byte_1_low = _mm256_shuffle_epi8(LANES(CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4, CARRY | OVERLONG_2, CARRY, CARRY,
                                                   CARRY | TOO_LARGE, CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
                                                   CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
                                                   CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
                                                   CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
                                                   CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE, CARRY | TOO_LARGE | TOO_LARGE_1000,
                                                   CARRY | TOO_LARGE | TOO_LARGE_1000),
                                             _mm256_and_si256(before, nibble));
    __m256i byte_2_high = _mm256_shuffle_epi8(LANES(TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
                                                    TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4,
                                                    TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE,
                                                    TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
                                                    TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
                                                    TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT),
                                              _mm256_and_si256(_mm256_srli_epi16(input, 4), nibble));
    __m256i special = _mm256_and_si256(_mm256_and_si256(byte_1_high, byte_1_low), byte_2_high);
    // A third or fourth byte of a sequence must be a continuation: only there does TWO_CONTS not count.
    __m256i third = _mm256_subs_epu8(utf8_previous(input, previous, 2), _mm256_set1_epi8((char)(0xE0 - 0x80)));
    __m256i fourth = _mm256_subs_epu8(utf8_previous(input, previous, 3), _mm256_set1_epi8((char)(0xF0 - 0x80)));
    __m256i must_continue = _mm256_and_si256(_mm256_or_si256(third, fourth), _mm256_set1_epi8((char)0x80));
    return _mm256_xor_si256(must_continue, special);
}

/// Nonzero where a block's last three bytes start a sequence that runs past it.
__attribute__((target("avx2"))) static inline __m256i utf8_incomplete(__m256i input) {
    const __m256i limits = _mm256_setr_epi8(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                            -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                            (char)(0xF0 - 1), (char)(0xE0 - 1), (char)(0xC0 - 1));
    return _mm256_subs_epu8(input, limits);
}

__attribute__((target("avx2"))) static int utf8_valid_wide(const uint8_t *text, size_t length) {
    __m256i error = _mm256_setzero_si256(), previous = _mm256_setzero_si256(), incomplete = _mm256_setzero_si256();
    size_t index = 0;
    for (;; index += 32) {
        __m256i input;
        if (index + 32 <= length) {
            input = _mm256_loadu_si256((const __m256i *)(text + index));
        } else {
            // The last bytes, padded with zeros: ASCII, so a sequence cut short is an error.
            uint8_t padded[32] = {0};
            if (index < length) memcpy(padded, text + index, length - index);
            input = _mm256_loadu_si256((const __m256i *)padded);
        }
        if (_mm256_movemask_epi8(input) == 0) {
            error = _mm256_or_si256(error, incomplete);
        } else {
            error = _mm256_or_si256(error, utf8_errors(input, previous));
            incomplete = utf8_incomplete(input);
        }
        previous = input;
        if (index + 32 >= length) break;
    }
    error = _mm256_or_si256(error, incomplete);
    return _mm256_testz_si256(error, error);
}
#endif

int landfall_utf8_valid(const uint8_t *text, size_t length) {
#if defined(__x86_64__)
    if (length >= 32 && has_avx2()) return utf8_valid_wide(text, length);
#endif
    return utf8_valid_scalar(text, length);
}
