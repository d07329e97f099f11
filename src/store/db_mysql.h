/* For store/ files that bind their own buffers (array inserts, large
 * columns): MariaDB's own types, and the calls that take them. The only
 * header that includes mysql.h; never included outside store/. */
#ifndef ROD_STORE_DB_MYSQL_H
#define ROD_STORE_DB_MYSQL_H

#include <mysql.h>

#include "store/db.h"

/* Array execution (MariaDB bulk): `binds` are column-wise arrays of `rows`
 * rows, set up by the caller. */
rod_dbrc rod_db_exec_array(rod_db *db, const char *sql, MYSQL_BIND *binds, unsigned int rows);

/* Binds the caller's result buffers to st and buffers its result; false
 * (recorded, what names it in the log) on error. */
bool rod_db_store(rod_db *db, MYSQL_STMT *st, MYSQL_BIND *bind, const char *what);
/* Fetches st's next row: 1, 0 at the end, -1 on error (recorded). */
int rod_db_fetch(rod_db *db, MYSQL_STMT *st);

#endif
