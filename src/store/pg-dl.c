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
 *
 * That load is still most of what a `calm log` on a server costs on the
 * client (22 libraries, about 5 ms of CPU here), so it does two things
 * less.  RTLD_LAZY: Debian builds these libraries with BIND_NOW, so most
 * symbols are bound at load whatever calm asks, but what is not waits
 * for its first call (8,244 relocations instead of 9,930, LD_DEBUG=
 * statistics; 0.5 ms).  GNUTLS_NO_IMPLICIT_INIT, set for the dlopen()
 * alone unless the user set it: GnuTLS, which libpq does not use (its
 * TLS is OpenSSL's) and which comes in only under libldap, initialises
 * itself in its constructor, parsing its ASN.1 tables; libldap calls
 * gnutls_global_init() itself before it uses TLS, so that work is left
 * to the one case that needs it (0.8 ms; perf stat -r 100 of a program
 * that only loads libpq).  Linking libpq statically would not help: its
 * archive still needs libssl, libcrypto, GSSAPI and LDAP, which are the
 * cost.
 */
#define PG_DL_LOADER
#include "pg-int.h"

#include <dlfcn.h>
#include <stdbool.h>
#include <stdlib.h>

struct pg_dl pg_dl;

enum calm_rc pg_dl_load(struct calm_err *err)
{
	static void *lib;
	void *h;

	if (lib)
		return CALM_OK;
	bool skip_gnutls = !getenv("GNUTLS_NO_IMPLICIT_INIT");

	if (skip_gnutls)
		setenv("GNUTLS_NO_IMPLICIT_INIT", "1", 1);
	h = dlopen("libpq.so.5", RTLD_LAZY | RTLD_LOCAL);
	if (skip_gnutls) /* never passed on to what calm runs */
		unsetenv("GNUTLS_NO_IMPLICIT_INIT");
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
