/*
 * store-warm.h - a team server's connection made ahead of the command
 * that will use it (calm's connection keeper, src/cli/keeper-serve.c,
 * through src/app/keep.c).  PostgreSQL only: on SQLite there is nothing
 * to keep.
 */
#ifndef CALM_STORE_WARM_H
#define CALM_STORE_WARM_H

#include <stdbool.h>

#include "calm/rc.h"
#include "calm/store.h"

/*
 * A connection kept warm for a command still to come (calm's connection
 * keeper, src/cli/keeper-serve.c): st, open on a server and connected
 * (its set-up statement run: the server's caches are warm), gives its
 * connection up to the process, which the next store_open() of the same
 * path takes (and runs the set-up on again, for its own flags) instead
 * of connecting; st is then offline, to be closed.  False (nothing
 * kept) on SQLite, offline, or when one is kept already.
 * store_warm_fd is its socket (-1: none), readable when the server says
 * something: store_warm_alive then reads it and says whether the
 * connection still stands.
 */
bool store_warm_keep(struct store *st);
/* Connect to the server at path and keep the connection as
 * store_warm_keep does, without opening a store: the schema is not read
 * (the command's store_open checks, makes or upgrades it), so a new or
 * older database is warmed as a current one.  False when the server
 * cannot be reached or refuses, or one is kept already. */
bool store_warm_connect(const char *path);
/* Load the server's library (libpq) now, as the first server store
 * would: a process that forks the ones that open stores loads it once. */
enum calm_rc store_load_server_library(struct calm_err *err);
int store_warm_fd(void);
bool store_warm_alive(void);

#endif
