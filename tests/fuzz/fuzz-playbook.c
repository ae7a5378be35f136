/*
 * fuzz-playbook.c - libFuzzer target: the playbook loader on any bytes.
 * It must return CALM_OK with a valid playbook or CALM_CONFIG with a
 * located message, and never crash, hang or leak.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "calm/config.h"

static void ignore(const char *line, void *ctx)
{
	(void)line;
	(void)ctx;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
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
	return 0;
}
