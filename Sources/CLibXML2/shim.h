#ifndef CLIBXML2_SHIM_H
#define CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU, so encoding.h would pull in the system's <unicode/*.h>.
 * Foundation ships its own ICU module with the same type names (UErrorCode, ...), and a target
 * that sees both fails to build ("has different definitions in different modules"). We only pass
 * encoding handlers around by pointer, never touch their ICU fields, so hiding ICU is safe. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/SAX2.h>
#endif
