/*
 * fixture-app.c - the unit tests' app, set up one way (fixture-app.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <unistd.h>

#include "calm/app-read.h"
#include "calm/config.h"
#include "fixture-app.h"

void app_fixture_join(struct app *app, const struct playbook *pb, const char *path,
		      const char *author, long long (*now)(void))
{
	*app = (struct app){ .pb = pb, .author = author, .now_ms = now };
	if (app_open(app, path, false) != CALM_OK)
		fail_msg("cannot open %s as %s: %s", path, author, app->err.msg);
}

void app_fixture_leave(struct app *app)
{
	app_close(app);
	assert_false(app_is_open(app));
	app_release(app);
}

void app_fixture_open(struct playbook **pb, struct app *app, const char *path,
		      const char *author, long long (*now)(void))
{
	struct calm_err err = { 0 };

	*pb = NULL;
	if (config_default(pb, &err) != CALM_OK)
		fail_msg("the default playbook: %s", err.msg);
	app_fixture_join(app, *pb, path, author, now);
}

void app_fixture_close(struct playbook **pb, struct app *app)
{
	app_fixture_leave(app);
	playbook_free(*pb);
	*pb = NULL;
}

void app_fixture_unlink(const char *path)
{
	char p[4096];

	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
}
