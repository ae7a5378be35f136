/*
 * keeper.h - calm's connection keeper: a per-user background process
 * per team server that keeps libpq loaded and a connection open and
 * warm, so a `calm` command on a server store costs a fork, not a
 * library load, a connection and a backend's start (README, "The
 * connection keeper"; docs/RELIABILITY.md says what it may never do).
 *
 * keeper.c is the client side (where the socket is, the hand-off, the
 * start); keeper-serve.c the keeper and its workers.
 *
 * The wire, on a Unix stream socket:
 *   client -> worker  struct keeper_hello with the client's standard
 *                     descriptors (SCM_RIGHTS), then its arguments,
 *                     environment and directory, NUL-terminated each
 *   worker -> client  "T<pid>\n" taken (from here on the command is
 *                     the worker's: the client never runs it itself),
 *                     then "X<status>\n" or "S<signal>\n" at its end
 *   keeper -> client  "N\n": no worker ready, run it yourself
 */
#ifndef CALM_KEEPER_H
#define CALM_KEEPER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "calm/cli.h"

#define KEEPER_MAGIC "calmk02"
#define KEEPER_IDLE_S 600 /* the keeper leaves after this long unused */
#define KEEPER_MAX_REQUEST (1 << 20)
/* A client waits for a worker warming (keeper-serve.c) at most this
 * long for the first, then twice the last warm-up and this margin. */
#define KEEPER_WARM_FIRST_MS 1000
#define KEEPER_WARM_MARGIN_MS 100

struct keeper_hello {
	char magic[8];
	uint32_t fds;  /* bit k: descriptor k (0, 1, 2) is passed */
	uint32_t argc, envc;
	uint32_t umask; /* the client's file mode mask */
	uint32_t len;  /* the bytes of strings that follow */
};

/* Where a server's keeper listens: its 0700 directory and the names of
 * its socket and lock (the lock file also says who holds it). */
struct keeper_place {
	char dir[96];
	char sock[108];
	char lock[108];
};

/* The directory ($XDG_RUNTIME_DIR/calm, else /tmp/calm-UID), checked (a
 * directory, ours, no one else's access) and, with create, made 0700
 * when missing; false when it cannot be had so (no keeper then). */
bool keeper_dir(char *dir, size_t size, bool create);

/* The place of the keeper of db, keyed by the running calm's file, db,
 * the PG* variables libpq reads (PGCONNECT_TIMEOUT aside) and HOME;
 * false: none usable (its directory missing and not to be made). */
bool keeper_place(const char *db, bool create, struct keeper_place *kp);

/*
 * Run the command through db's keeper, starting one when there is none:
 * true when a worker took it, *status its exit status (a worker's death
 * by a signal is the client's); false when it must run here, nothing of
 * it having run anywhere.
 */
bool keeper_handoff(struct cli *cli, const struct cli_cmd *cmd, int *status);

/* Be db's keeper at kp (keeper-serve.c), the socket bound and listening
 * (lfd), lock held (lockfd); never returns. */
void keeper_serve(const struct keeper_place *kp, const char *db, int lfd, int lockfd)
	__attribute__((noreturn));

/* Set in a keeper's worker while it runs a client's command: that
 * command never looks for a keeper itself. */
extern bool keeper_in_worker;

#endif
