/*
 * mask.c - the secret filter on everything calm writes (secret.h): the
 * filter is built once per app from the playbook's secrets: patterns
 * and the defaults.  Two steps, both here (the contract is in
 * app-int.h): app_text() checks and masks a free text an action will
 * also keep in a row, and app_mask_event() masks every event on its
 * way to the store (app_append), so no event can hold a secret.
 */
#include "app-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calm/secret.h"

void app_release(struct app *app)
{
	secret_filter_free(app->secrets);
	app->secrets = NULL;
}

/* s[0..len) with every secret masked, appended to out; *pos (may be
 * NULL) mapped as secret_mask_at() does. */
static enum calm_rc mask(struct app *app, const char *s, size_t len, struct buf *out,
			 size_t *pos)
{
	if (!app->secrets &&
	    secret_filter_new(app->pb ? (const char *const *)app->pb->secrets : NULL,
			      &app->secrets, &app->err) != CALM_OK)
		return CALM_CONFIG;
	secret_mask_at(app->secrets, s, len, out, pos);
	return CALM_OK;
}

enum calm_rc app_mask(struct app *app, const char *s, size_t len,
		      struct buf *out)
{
	return mask(app, s, len, out, NULL);
}

enum calm_rc app_text(struct app *app, const char *what, const char *s,
		      size_t len, size_t max, char **out)
{
	struct buf b = BUF_INIT;
	enum calm_rc rc = CALM_OK;

	*out = NULL;
	if (!s)
		return CALM_OK;
	char *copy = xstrndup(s, len); /* the matcher reads to a NUL */

	if (what)
		rc = app_check_text(app, what, copy, len, max);
	if (rc == CALM_OK)
		rc = mask(app, copy, len, &b, NULL);
	free(copy);
	if (rc == CALM_OK)
		*out = xstrdup(buf_cstr(&b));
	buf_release(&b);
	return rc;
}

/*
 * The data keys whose values are not free text: numbers, times, ids,
 * hashes and digests, names the playbook or calm gives (stages, roles,
 * fields, audiences, outcomes), and people's names.  They are written
 * as they are; a pattern that matches one (a token's hex, a PIN's
 * digits) must not change a hash or an id.  Every other value is
 * masked, so a key added later is masked unless it is listed here.
 */
static const char *const plain_keys[] = {
	"action", "at_ms", "audience", "begun", "by", "category", "checked",
	"checklist", "drill", "due", "duration_ms", "event", "exit", "field", "fix", "format",
	"from", "hash", "id", "item", "lines", "milestone", "observation",
	"offer", "on", "outcome", "output_bytes", "output_offset", "person",
	"pid", "revision", "role", "seq", "severity", "sha256", "signal",
	"speed", "src", "stage", "start", "state", "to", NULL,
};

static bool plain_key(const char *key)
{
	for (size_t i = 0; plain_keys[i]; i++)
		if (strcmp(plain_keys[i], key) == 0)
			return true;
	return false;
}

void app_masked_release(struct app_masked *m)
{
	for (size_t i = 0; m->kv && m->kv[i]; i += 2)
		free((char *)m->kv[i + 1]);
	free(m->kv);
	buf_release(&m->text);
	*m = (struct app_masked){ .text = BUF_INIT };
}

enum calm_rc app_mask_event(struct app *app, const struct event *ev,
			    const char *const *kv, struct app_masked *m)
{
	size_t n = 0, len = ev->text_len ? ev->text_len : ev->text ? strlen(ev->text) : 0;
	size_t offset = 0;
	const char *at = NULL;
	enum calm_rc rc = CALM_OK;

	*m = (struct app_masked){ .text = BUF_INIT };
	while (kv && kv[n])
		n += 2;
	m->kv = xcalloc(n + 1, sizeof *m->kv);
	for (size_t i = 0; i < n; i += 2) { /* an offset into the text moves with it */
		m->kv[i] = kv[i];
		if (strcmp(kv[i], "output_offset") == 0 && kv[i + 1])
			at = kv[i + 1];
	}
	if (at)
		offset = strtoull(at, NULL, 10) < len ? strtoull(at, NULL, 10) : len;
	if (ev->text)
		rc = mask(app, ev->text, len, &m->text, at ? &offset : NULL);
	for (size_t i = 0; rc == CALM_OK && i < n; i += 2) {
		struct buf v = BUF_INIT;
		const char *s = kv[i + 1] ? kv[i + 1] : "";

		if (plain_key(kv[i]))
			buf_adds(&v, s);
		else
			rc = mask(app, s, strlen(s), &v, NULL);
		if (at && kv[i + 1] == at) {
			buf_reset(&v);
			buf_addf(&v, "%zu", offset);
		}
		m->kv[i + 1] = xstrdup(buf_cstr(&v));
		buf_release(&v);
	}
	if (rc != CALM_OK)
		app_masked_release(m);
	return rc;
}

static void join_words(int argc, const char *const *argv, struct buf *out)
{
	for (int i = 0; i < argc; i++) {
		if (i)
			buf_add(out, " ", 1);
		buf_add(out, argv[i], strlen(argv[i]));
	}
}

enum calm_rc app_mask_words(struct app *app, int argc, const char *const *argv,
			    char ***out)
{
	struct buf whole = BUF_INIT, once = BUF_INIT, word = BUF_INIT;
	char **words = xcalloc((size_t)argc + 1, sizeof *words);
	enum calm_rc rc = CALM_OK;

	*out = NULL;
	for (int i = 0; rc == CALM_OK && i < argc; i++) {
		buf_reset(&word);
		rc = mask(app, argv[i], strlen(argv[i]), &word, NULL);
		if (rc == CALM_OK)
			words[i] = xstrdup(buf_cstr(&word));
	}
	/* masked word by word, the words together must hold no secret left */
	if (rc == CALM_OK) {
		join_words(argc, (const char *const *)words, &once);
		rc = mask(app, once.s ? once.s : "", once.len, &whole, NULL);
	}
	if (rc == CALM_OK && (whole.len != once.len ||
			      (once.len && memcmp(whole.s, once.s, once.len) != 0)))
		rc = calm_err_set(&app->err, CALM_SPLIT_SECRET,
				  "a secret spans several words of the command");
	buf_release(&whole);
	buf_release(&once);
	buf_release(&word);
	if (rc != CALM_OK) {
		app_words_free(words);
		return rc;
	}
	*out = words;
	return CALM_OK;
}

void app_words_free(char **words)
{
	for (size_t i = 0; words && words[i]; i++)
		free(words[i]);
	free(words);
}
