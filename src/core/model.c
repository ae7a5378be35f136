/*
 * model.c - the rows of an incident as every layer sees them: releasing
 * the ones that own their strings, and the overdue rule (model.h).
 */
#include "calm/model.h"

#include <stdlib.h>
#include <string.h>

#include "calm/when.h"

void incident_release(struct incident *inc)
{
	if (!inc)
		return;
	free(inc->title);
	free(inc->stage_id);
	free(inc->declared_by);
	free(inc->damaged);
	free(inc->uuid);
	memset(inc, 0, sizeof *inc);
}

void draft_release(struct draft *d)
{
	if (!d)
		return;
	free(d->text);
	free(d->author);
	free(d->sent_by);
	free(d->channel);
	memset(d, 0, sizeof *d);
}

bool action_overdue(const char *status, const char *due, const char *today)
{
	return status && strcmp(status, "open") == 0 && due && strcmp(due, today) < 0;
}

bool update_overdue(long long due_ms, long long now_ms)
{
	return due_ms != 0 && now_ms > due_ms;
}

void action_today(long long now_ms, char today[ACTION_DAY_LEN + 1])
{
	when_format(now_ms, WHEN_DAY, 0, today, ACTION_DAY_LEN + 1);
}

bool db_is_server(const char *db)
{
	return strncmp(db, "postgresql://", 13) == 0 || strncmp(db, "postgres://", 11) == 0 ||
	       strncmp(db, "service=", 8) == 0;
}
