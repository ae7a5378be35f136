/*
 * fuzz-playbook.c - libFuzzer target: the YAML loaders of routines on
 * any bytes, the playbook's and the tabletop scenario's (they share the
 * walk, and a scenario is the file a team writes for a drill).  Each
 * must return CALM_OK with a value meeting its header's invariants, or
 * CALM_CONFIG with a located message and nothing handed back, and never
 * crash, hang or leak.  The seed corpus holds both kinds of file.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "calm/config.h"
#include "calm/scenario.h"

static void ignore(const char *line, void *ctx)
{
	(void)line;
	(void)ctx;
}

static void playbook(const uint8_t *data, size_t size)
{
	struct playbook *pb = NULL;
	struct calm_err err = { 0 };
	enum calm_rc rc;

	rc = config_load_playbook("fuzz.yaml", (const char *)data, size, ignore,
				  NULL, &pb, &err);
	if (rc == CALM_OK) {
		if (!pb || pb->nstages == 0)
			abort();
	} else if (pb || strncmp(err.msg, "fuzz.yaml:", 10) != 0) {
		abort(); /* failures are located, and hand back nothing */
	}
	playbook_free(pb);
}

static void scenario(const uint8_t *data, size_t size)
{
	struct scenario *sc = NULL;
	struct calm_err err = { 0 };
	enum calm_rc rc;

	rc = config_load_scenario("fuzz.yaml", (const char *)data, size, ignore,
				  NULL, &sc, &err);
	if (rc == CALM_OK) {
		bool works = false;
		if (!sc || sc->nobs == 0 || sc->nfixes == 0 || sc->severity < 1 ||
		    sc->severity > 4)
			abort();
		for (size_t i = 1; i < sc->nobs; i++)
			if (sc->obs[i - 1].at_ms > sc->obs[i].at_ms)
				abort();
		for (size_t i = 0; i < sc->nfixes; i++)
			works = works || sc->fixes[i].outcome == SC_WORKED;
		if (!works)
			abort();
		/* matching any text against it stays in range */
		if (scenario_match(sc, sc->obs[0].text) >= (int)sc->nfixes)
			abort();
	} else if (sc || strncmp(err.msg, "fuzz.yaml:", 10) != 0) {
		abort();
	}
	scenario_free(sc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	playbook(data, size);
	scenario(data, size);
	return 0;
}
