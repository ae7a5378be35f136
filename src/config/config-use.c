/*
 * config-use.c - what both faces ask of a loaded config, said once: the
 * theme chosen, the cadence of updates, a channel by name, and the names
 * of the people the blame check looks for.
 */
#include "calm/config.h"

#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"

void config_set_theme(struct config *cfg, const char *name_or_path)
{
	char *copy = name_or_path ? xstrdup(name_or_path) : NULL;

	free(cfg->theme);
	cfg->theme = copy;
}

int config_cadence(const struct config *cfg, int audience, int severity)
{
	if (audience < 0 || audience >= AUD_COUNT)
		return 0;
	if (severity < 1 || severity > 4)
		severity = 3;
	return cfg->cadence[audience][severity - 1];
}

const struct config_channel *config_channel_find(const struct config *cfg,
						 const char *name)
{
	for (size_t i = 0; i < cfg->nchannels; i++)
		if (strcmp(cfg->channels[i].name, name) == 0)
			return &cfg->channels[i];
	return NULL;
}

void config_people(const struct config *cfg, char *const *as,
		   const char *out[CONFIG_PEOPLE_MAX + 1])
{
	size_t n = 0;

	for (size_t i = 0; as && as[i] && n < (CONFIG_PEOPLE_MAX + 1) / 2; i++)
		out[n++] = as[i];
	for (size_t i = 0; cfg->names && cfg->names[i] && n < CONFIG_PEOPLE_MAX; i++)
		out[n++] = cfg->names[i];
	out[n] = NULL;
}
