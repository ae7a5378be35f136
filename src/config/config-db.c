/*
 * config-db.c - the config's db: a SQLite file's path, or a team's
 * server: a libpq URI (postgresql://... or postgres://...) or
 * service=NAME (a pg_service.conf entry), as the store reads them
 * (store.h).
 *
 * A password never belongs in calm's config (it would sit in a file
 * people copy and show around): a URI with one, as user:password@ or
 * as a password= parameter, is refused here with the line and column,
 * before anything connects.  libpq finds the password in ~/.pgpass, the
 * service file or PGPASSWORD.
 */
#include "calm/config.h"

#include <stdlib.h>
#include <string.h>

#include "calm/model.h"
#include "yaml-walk.h"

/* Whether a server's URI or service string names a password. */
static bool has_password(const char *s)
{
	const char *auth, *end, *at, *p;

	for (p = s; (p = strstr(p, "password=")); p++)
		if (p == s || strchr("?& \t", p[-1]))
			return true;
	if (strncmp(s, "service=", 8) == 0)
		return false;
	auth = strstr(s, "://") + 3;
	end = auth + strcspn(auth, "/?");
	at = memchr(auth, '@', (size_t)(end - auth));
	return at && memchr(auth, ':', (size_t)(at - auth)) != NULL;
}

bool config_load_server(struct ywalk *w, const char *key, const struct ynode *v, char **out)
{
	char *s = NULL;

	if (!v || v->kind != YN_SCALAR || !v->s || !db_is_server(v->s))
		return false;
	if (!ywalk_text(w, key, v, true, &s))
		return true;
	if (has_password(s)) {
		ywalk_error(w, v, "'%s' holds a password: keep it in ~/.pgpass, a service file or PGPASSWORD, never in calm's config",
			    key);
		free(s);
		return true;
	}
	free(*out);
	*out = s;
	return true;
}
