/*
 * playbook.c - names of the playbook enums and lookups over a loaded
 * playbook.  Loading itself is in src/config (it needs libyaml).
 */
#include "calm/playbook.h"

#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"

static const char *const crit_names[CRIT_KIND_COUNT] = {
	[CRIT_CHECKLIST] = "checklist_complete",
	[CRIT_MIN_NOTES] = "min_notes",
	[CRIT_COMMS_SENT] = "comms_sent",
	[CRIT_FIX_OUTCOME] = "fix_outcome",
	[CRIT_MIN_ACTIONS] = "min_actions",
	[CRIT_FIELD_SET] = "field_set",
	[CRIT_EXPORTED] = "exported",
	[CRIT_FACTS_FOR] = "facts_for",
};

static const char *const audience_names[AUD_COUNT] = {
	[AUD_INTERNAL] = "internal",
	[AUD_EXTERNAL] = "external",
	[AUD_RESOLUTION] = "resolution",
};

static const char *const pane_names[PANE_KIND_COUNT] = {
	[PANE_CHECKLIST] = "checklist",
	[PANE_TIMELINE] = "timeline",
	[PANE_COMMS] = "comms",
	[PANE_FIXES] = "fixes",
	[PANE_ACTIONS] = "actions",
	[PANE_POSTMORTEM] = "postmortem",
};

static const char *const score_names[SCORE_ITEM_COUNT] = {
	[SCORE_FIRST_INTERNAL] = "first_internal",
	[SCORE_FIRST_EXTERNAL] = "first_external",
	[SCORE_GATES] = "gates",
	[SCORE_BLAME] = "blame",
	[SCORE_DATA_LOST] = "data_lost",
	[SCORE_OUTSTANDING] = "outstanding",
	[SCORE_FIX_LOG] = "fix_log",
};

static int name_parse(const char *const *names, int n, const char *name)
{
	for (int i = 0; name && i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

const char *crit_kind_name(enum crit_kind kind)
{
	return (unsigned)kind < CRIT_KIND_COUNT ? crit_names[kind] : NULL;
}

const char *audience_name(int audience)
{
	return audience >= 0 && audience < AUD_COUNT ? audience_names[audience]
						      : NULL;
}

const char *pane_kind_name(enum pane_kind pane)
{
	return (unsigned)pane < PANE_KIND_COUNT ? pane_names[pane] : NULL;
}

const char *score_item_name(int item)
{
	return item >= 0 && item < SCORE_ITEM_COUNT ? score_names[item] : NULL;
}

int score_item_parse(const char *name)
{
	return name_parse(score_names, SCORE_ITEM_COUNT, name);
}

int crit_kind_parse(const char *name)
{
	return name_parse(crit_names, CRIT_KIND_COUNT, name);
}

int audience_parse(const char *name)
{
	return name_parse(audience_names, AUD_COUNT, name);
}

int pane_kind_parse(const char *name)
{
	return name_parse(pane_names, PANE_KIND_COUNT, name);
}

int playbook_stage_index(const struct playbook *pb, const char *id)
{
	for (size_t i = 0; pb && id && i < pb->nstages; i++)
		if (strcmp(pb->stages[i].id, id) == 0)
			return (int)i;
	return -1;
}

const struct check_item *playbook_find_item(const struct playbook *pb,
					    const char *id, int *stage)
{
	for (size_t s = 0; pb && id && s < pb->nstages; s++) {
		const struct stage *st = &pb->stages[s];
		for (size_t i = 0; i < st->nitems; i++) {
			if (strcmp(st->items[i].id, id) == 0) {
				if (stage)
					*stage = (int)s;
				return &st->items[i];
			}
		}
	}
	return NULL;
}

const struct role_def *playbook_find_role(const struct playbook *pb,
					  const char *id)
{
	for (size_t i = 0; pb && id && i < pb->nroles; i++)
		if (pb->roles[i].id && strcmp(pb->roles[i].id, id) == 0)
			return &pb->roles[i];
	return NULL;
}

void playbook_default_roles(struct playbook *pb)
{
	static const struct {
		const char *id, *title, *duty;
	} defs[] = { PLAYBOOK_DEFAULT_ROLES };
	size_t n = sizeof defs / sizeof defs[0];

	if (pb->nroles)
		return;
	pb->roles = xcalloc(n, sizeof *pb->roles);
	for (size_t i = 0; i < n; i++)
		pb->roles[i] = (struct role_def){ xstrdup(defs[i].id),
						  xstrdup(defs[i].title),
						  xstrdup(defs[i].duty) };
	pb->nroles = n;
}

void playbook_free(struct playbook *pb)
{
	if (!pb)
		return;
	for (size_t s = 0; s < pb->nstages; s++) {
		struct stage *st = &pb->stages[s];
		free(st->id);
		free(st->title);
		free(st->guidance);
		for (size_t i = 0; i < st->nitems; i++) {
			free(st->items[i].id);
			free(st->items[i].text);
		}
		free(st->items);
		for (size_t g = 0; g < st->ngate; g++)
			free(st->gate[g].field);
		free(st->gate);
	}
	free(pb->stages);
	for (int a = 0; a < AUD_COUNT; a++)
		free(pb->comms[a]);
	free(pb->postmortem);
	for (size_t i = 0; pb->blame && pb->blame[i]; i++)
		free(pb->blame[i]);
	free(pb->blame);
	for (size_t i = 0; pb->secrets && pb->secrets[i]; i++)
		free(pb->secrets[i]);
	free(pb->secrets);
	for (size_t i = 0; i < pb->nroles; i++) {
		free(pb->roles[i].id);
		free(pb->roles[i].title);
		free(pb->roles[i].duty);
	}
	free(pb->roles);
	for (int i = 0; i < SCORE_ITEM_COUNT; i++)
		free(pb->scoring[i]);
	free(pb->name);
	free(pb->source);
	free(pb);
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* A NULL-terminated list copied, or NULL. */
static char **dup_list(char *const *v)
{
	size_t n = 0;
	char **out;

	if (!v)
		return NULL;
	while (v[n])
		n++;
	out = xcalloc(n + 1, sizeof *out);
	for (size_t i = 0; i < n; i++)
		out[i] = xstrdup(v[i]);
	return out;
}

static void dup_stage(struct stage *to, const struct stage *from)
{
	*to = *from;
	to->id = dup_or_null(from->id);
	to->title = dup_or_null(from->title);
	to->guidance = dup_or_null(from->guidance);
	to->items = from->nitems ? xcalloc(from->nitems, sizeof *to->items) : NULL;
	for (size_t i = 0; i < from->nitems; i++) {
		to->items[i] = from->items[i];
		to->items[i].id = dup_or_null(from->items[i].id);
		to->items[i].text = dup_or_null(from->items[i].text);
	}
	to->gate = from->ngate ? xcalloc(from->ngate, sizeof *to->gate) : NULL;
	for (size_t g = 0; g < from->ngate; g++) {
		to->gate[g] = from->gate[g];
		to->gate[g].field = dup_or_null(from->gate[g].field);
	}
}

struct playbook *playbook_dup(const struct playbook *pb)
{
	struct playbook *out = xcalloc(1, sizeof *out);

	out->name = dup_or_null(pb->name);
	out->source = dup_or_null(pb->source);
	out->nstages = pb->nstages;
	out->stages = pb->nstages ? xcalloc(pb->nstages, sizeof *out->stages) : NULL;
	for (size_t s = 0; s < pb->nstages; s++)
		dup_stage(&out->stages[s], &pb->stages[s]);
	for (int a = 0; a < AUD_COUNT; a++)
		out->comms[a] = dup_or_null(pb->comms[a]);
	out->postmortem = dup_or_null(pb->postmortem);
	out->blame = dup_list(pb->blame);
	out->secrets = dup_list(pb->secrets);
	out->nroles = pb->nroles;
	out->roles = pb->nroles ? xcalloc(pb->nroles, sizeof *out->roles) : NULL;
	for (size_t i = 0; i < pb->nroles; i++) {
		out->roles[i].id = dup_or_null(pb->roles[i].id);
		out->roles[i].title = dup_or_null(pb->roles[i].title);
		out->roles[i].duty = dup_or_null(pb->roles[i].duty);
	}
	for (int i = 0; i < SCORE_ITEM_COUNT; i++)
		out->scoring[i] = dup_or_null(pb->scoring[i]);
	return out;
}
