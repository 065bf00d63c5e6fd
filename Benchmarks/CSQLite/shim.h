// Debian's libsqlite3-dev: the SQLite baseline of the benchmark suite (not part of the product).
#include <sqlite3.h>
