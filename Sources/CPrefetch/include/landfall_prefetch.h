#ifndef LANDFALL_PREFETCH_H
#define LANDFALL_PREFETCH_H

/// Asks the processor to start loading the cache line at `address` for writing, so that a
/// batch of random hash-table probes can wait for memory together instead of one by one.
static inline void landfall_prefetch(const void *address) {
    __builtin_prefetch(address, 1, 0);
}

#endif
