/*
 * store-move.h - an incident copied from one store to another (the
 * store's move.c): pushed to a team's server, or pulled from one as a
 * read-only copy.  The faces reach it through app.h (app_push,
 * app_pull).
 */
#ifndef CALM_STORE_MOVE_H
#define CALM_STORE_MOVE_H

#include "calm/store.h"

/*
 * Copy incident id of src into dst as a new incident there (dst's next
 * number into *new_id): the same uuid, every event byte for byte in the
 * order written, the rows derived from them and the seals, in one
 * transaction of dst that commits only when the copy verifies there
 * (store_verify).  copy_of NULL makes it the incident's own in dst (a
 * push); otherwise a read-only copy that says where it came from (a
 * pull).  An incident whose uuid dst has already is not copied again:
 * CALM_DATA "... already in ... as incident N", *new_id N.  Neither
 * handle may be in a transaction.
 */
enum calm_rc store_incident_copy(struct store *src, long long id, struct store *dst,
				 const char *copy_of, long long *new_id, struct calm_err *err);

/* The incident with this uuid (*id 0: none). */
enum calm_rc store_incident_find_uuid(struct store *st, const char *uuid, long long *id,
				      struct calm_err *err);

/* What incident id is a read-only copy of (*copy_of malloc'd), NULL
 * when it is the incident's own (or not there). */
enum calm_rc store_incident_copy_of(struct store *st, long long id, char **copy_of,
				    struct calm_err *err);

#endif
