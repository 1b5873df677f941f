/* version.h — the ccsim release, recorded in every results file. */
#ifndef CC_VERSION_H
#define CC_VERSION_H

#define CC_VERSION "0.1.0"

#endif
