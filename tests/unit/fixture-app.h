/*
 * fixture-app.h - the app the unit tests write and read through, set up
 * one way (a helper of the unit tests, not a test itself): the default
 * playbook, an author, a clock, a database at a path the test chose
 * (backend.h's tb_fresh() on both engines, or a SQLite file of its own).
 */
#ifndef CALM_TEST_FIXTURE_APP_H
#define CALM_TEST_FIXTURE_APP_H

#include "calm/app.h"

/* *pb the default playbook and *app open on path as author, on clock
 * now (NULL: the real clock); the test fails with the app's words when
 * they cannot be had. */
void app_fixture_open(struct playbook **pb, struct app *app, const char *path,
		      const char *author, long long (*now)(void));
/* Close app and free *pb (set NULL); the database stays for the test
 * to remove. */
void app_fixture_close(struct playbook **pb, struct app *app);

/* A second person (another calm process) on the same database and
 * playbook; leave closes and releases it. */
void app_fixture_join(struct app *app, const struct playbook *pb, const char *path,
		      const char *author, long long (*now)(void));
void app_fixture_leave(struct app *app);

/* Remove a SQLite database the test made: path, path-wal, path-shm. */
void app_fixture_unlink(const char *path);

#endif
