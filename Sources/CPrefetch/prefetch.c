#include "landfall_prefetch.h"
