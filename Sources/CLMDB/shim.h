#ifndef CLMDB_SHIM_H
#define CLMDB_SHIM_H
// Debian's liblmdb-dev installs lmdb.h; the ledger wraps it in Sources/LedgerKit/LMDB/.
#include <lmdb.h>
#endif
