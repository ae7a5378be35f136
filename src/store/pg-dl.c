/*
 * pg-dl.c - libpq, loaded the first time a PostgreSQL store is named.
 *
 * calm is not linked with libpq.  Linking it costs every calm process
 * at start whatever its database: libpq brings libssl, libcrypto,
 * Kerberos and LDAP with it, and an empty program linked with calm's
 * libraries and libpq took 8.1 ms to run against 2.5 ms without libpq
 * (perf stat -r 300, on the machine of the README's Benchmarks).  The
 * shell hook, `calm status` and the console's first frame would pay
 * that on every call on SQLite.  So pg_dl_load() opens libpq.so.5 with
 * dlopen() when a server is first named and fills the table through
 * which pg-int.h sends every PQ name.
 */
#define PG_DL_LOADER
#include "pg-int.h"

#include <dlfcn.h>

struct pg_dl pg_dl;

enum calm_rc pg_dl_load(struct calm_err *err)
{
	static void *lib;
	void *h;

	if (lib)
		return CALM_OK;
	h = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return calm_err_set(err, CALM_IO,
				    "a PostgreSQL database needs libpq (Debian's libpq5): %s",
				    dlerror());
	/* POSIX's way to take a function from dlsym() */
#define X(name)                                                                           \
	if (!(*(void **)&pg_dl.name = dlsym(h, #name))) {                                 \
		dlclose(h);                                                               \
		return calm_err_set(err, CALM_IO, "libpq.so.5 lacks %s: too old", #name); \
	}
	PG_DL_FUNCS
#undef X
	lib = h;
	return CALM_OK;
}
