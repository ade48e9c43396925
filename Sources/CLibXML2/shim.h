#ifndef LANDFALL_CLIBXML2_SHIM_H
#define LANDFALL_CLIBXML2_SHIM_H

// libxml2's ICU support clashes with Foundation's own ICU module on Linux.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlwriter.h>
#include <libxml/entities.h>

#endif
