/*
 * app-keep.h - what calm's connection keeper (src/cli/keeper-serve.c)
 * needs below the CLI: the server's library loaded once, a connection
 * made and kept warm for the next command, and the queue's checkpoint
 * put after the command's answer (src/app/keep.c).
 */
#ifndef CALM_APP_KEEP_H
#define CALM_APP_KEEP_H

#include <stdbool.h>

#include "calm/rc.h"

/* Load libpq now (the keeper, before it forks its workers). */
enum calm_rc app_keep_load(struct calm_err *err);

/* Connect to the server db, read-only, and keep the connection for the
 * next store opened on db in this process (or one forked from it),
 * which checks (makes, upgrades) the schema on it; false when the
 * server cannot be reached or refuses. */
bool app_keep_connect(const char *db);

/* The kept connection's socket (-1: none), and, once it is readable,
 * whether the connection still stands. */
int app_keep_fd(void);
bool app_keep_alive(void);

/* From here on, the queue's WAL checkpoint waits for
 * app_keep_checkpoint() (calm/queue.h, store_queue_defer_bound). */
void app_keep_defer_checkpoint(void);
void app_keep_checkpoint(void);

#endif
