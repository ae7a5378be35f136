/*
 * keep.c - the connection keeper's needs below the CLI (app-keep.h),
 * each the store's own.
 */
#include "calm/app-keep.h"

#include "calm/queue.h"
#include "calm/store-warm.h"

enum calm_rc app_keep_load(struct calm_err *err)
{
	return store_load_server_library(err);
}

bool app_keep_connect(const char *db)
{
	return store_warm_connect(db);
}

int app_keep_fd(void)
{
	return store_warm_fd();
}

bool app_keep_alive(void)
{
	return store_warm_alive();
}

void app_keep_defer_checkpoint(void)
{
	store_queue_defer_bound();
}

void app_keep_checkpoint(void)
{
	store_queue_bound_deferred();
}
