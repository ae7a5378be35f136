/*
 * powercut-vfs.h - a SQLite VFS that can pull the plug (for tests).
 *
 * A shim over the default VFS ("unix"): every call goes through to the
 * real files, so SQLite sees an ordinary file system, but every write
 * and truncate is also recorded per file, and every sync marks what the
 * file held at that moment as durable.  At a chosen operation the power
 * is cut: that operation and every later one fail with SQLITE_IOERR, so
 * nothing after the cut can be acknowledged.  pc_restore() then rebuilds
 * each file as a power cut would have left it - only what was synced
 * (PC_SYNCED_ONLY), or that plus an arbitrary subset of the writes made
 * since the last sync (PC_SOME_UNSYNCED: a disk may persist them in any
 * order) - and removes the -shm files (shared memory, not data).
 * The LazyFS and ALICE idea, small enough for a unit test, and built
 * into the test binary so it works under the sanitizers.
 */
#ifndef CALM_POWERCUT_VFS_H
#define CALM_POWERCUT_VFS_H

#include <stdbool.h>

enum pc_mode {
	PC_SYNCED_ONLY,   /* keep exactly what was synced */
	PC_SOME_UNSYNCED, /* and a random subset of the later writes */
	PC_ALL_WRITTEN,   /* every write made (a killed process, not a cut) */
};

/* Register the shim as the default VFS (once). */
void pc_install(void);

/* Forget every file and arm a cut at the cut_at-th write, truncate or
 * sync from now (0: never). */
void pc_arm(long cut_at, unsigned seed);

/* Whether the power has been cut; operations counted so far. */
bool pc_cut(void);
long pc_ops(void);

/* Cut now if not yet (the workload ended before the chosen moment). */
void pc_cut_now(void);

/* Rebuild every file recorded as a power cut leaves it (see above);
 * returns the number of files rebuilt.  Then nothing is recorded until
 * the next pc_arm(). */
int pc_restore(enum pc_mode mode);

#endif
