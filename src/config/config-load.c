/*
 * config-load.c - the user's config file, and reading a file whole.
 *
 * The config file ($XDG_CONFIG_HOME/calm/config.yaml) is one mapping;
 * every key is optional and the table below is the schema:
 *
 *   author: Sam                  # default acting author
 *   names: [Sam, Alex]           # pairing names, cycled by the author key
 *   db: ~/incidents/calm.db      # database path: absolute or ~/...
 *   playbook: ~/calm/ops.yaml    # playbook path: absolute or ~/...
 *   theme: dusk                  # theme name or path
 *   channels:                    # where `send` delivers an update; the
 *     internal:                  #   channel named after the audience is
 *       file: ~/incidents.log    #   used unless --channel names another
 *     external:
 *       command: [slack-send, '#incidents']   # no shell: argv as written
 *       timeout: 10              # seconds, 1..600 (default 10)
 *     resolution:
 *       clipboard: true          # OSC 52 through the terminal
 *   cadence:                     # minutes between updates, per audience:
 *     internal: 30               #   one number for every severity, or
 *     external: {1: 20, 2: 20, 3: 60}   # per severity 1..4 (absent: none)
 *
 * An empty file is a valid config with nothing set.  Mistakes are
 * located errors, reported all at once, like a playbook's.
 */
#include "calm/config.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calm/buf.h"
#include "calm/text.h"
#include "yaml-walk.h"

/* Largest file config_read_file() accepts. */
#define READ_MAX ((size_t)16 << 20)

enum cfg_type {
	CFG_NAME,  /* a person's name: text, no control characters */
	CFG_NAMES, /* a list of names */
	CFG_PATH,  /* an absolute path, or ~/ + a path under $HOME */
	CFG_TEXT,  /* any non-empty text */
};

struct cfg_key {
	const char *name;   /* the YAML key */
	enum cfg_type type;
	size_t off;         /* where the value goes in struct config */
	const char *help;   /* one line for docs */
};

static const struct cfg_key cfg_keys[] = {
	{ "author", CFG_NAME, offsetof(struct config, author),
	  "the acting author when --as is not given" },
	{ "names", CFG_NAMES, offsetof(struct config, names),
	  "names to cycle through when pairing" },
	{ "db", CFG_PATH, offsetof(struct config, db),
	  "the database file" },
	{ "playbook", CFG_PATH, offsetof(struct config, playbook),
	  "a playbook file to use instead of the built-in one" },
	{ "theme", CFG_TEXT, offsetof(struct config, theme),
	  "a theme name (themes/NAME.yaml) or path" },
};

/* A name is shown in the timeline and the status line: no control,
 * bidi or invisible characters, so nobody can forge another's. */
static bool load_name(struct ywalk *w, const char *key, const struct ynode *v,
		      char **out)
{
	char *s = NULL;

	if (!ywalk_text(w, key, v, true, &s))
		return false;
	for (size_t i = 0; i < v->len;) {
		unsigned cp = 0;
		size_t n = text_utf8_decode(s + i, v->len - i, &cp);
		if (n == 0 || text_cp_is_unsafe(cp)) {
			ywalk_error(w, v, "'%s' must not contain control or invisible characters",
				    key);
			free(s);
			return false;
		}
		i += n;
	}
	*out = s;
	return true;
}

static void load_names(struct ywalk *w, const struct ynode *v, char ***out)
{
	char **names;
	size_t n = 0;

	if (v->kind == YN_BAD)
		return;
	if (v->kind != YN_SEQ) {
		ywalk_error(w, v, "'names' must be a list of names");
		return;
	}
	if (v->nkids == 0)
		return;
	names = xcalloc(v->nkids + 1, sizeof *names);
	for (size_t i = 0; i < v->nkids; i++)
		if (load_name(w, "names", v->kids[i], &names[n]))
			n++;
	*out = names;
}

static void load_path(struct ywalk *w, const char *key, const struct ynode *v,
		      char **out)
{
	const char *home = getenv("HOME");
	char *s = NULL;

	if (!ywalk_text(w, key, v, true, &s))
		return;
	if (strncmp(s, "~/", 2) == 0) {
		struct buf b = BUF_INIT;
		if (!home || home[0] != '/') {
			ywalk_error(w, v, "'%s' starts with ~/ but $HOME is not an absolute path",
				    key);
			free(s);
			return;
		}
		buf_adds(&b, home);
		buf_adds(&b, s + 1);
		free(s);
		s = buf_detach(&b);
	} else if (s[0] != '/') {
		ywalk_error(w, v, "'%s' must be an absolute path or start with ~/", key);
		free(s);
		return;
	}
	*out = s;
}

/* A channel's name: what --channel takes. */
static bool channel_name_ok(const char *s, size_t len)
{
	if (len == 0 || len > 64)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		      s[i] == '-'))
			return false;
	return true;
}

/* command: a non-empty list of plain strings, argv as written. */
static bool load_argv(struct ywalk *w, const struct ynode *v, char ***out)
{
	char **argv;
	size_t n = 0;

	if (v->kind == YN_BAD)
		return false;
	if (v->kind != YN_SEQ || v->nkids == 0) {
		ywalk_error(w, v, "'command' must be a list: the program, then its arguments (no shell)");
		return false;
	}
	argv = xcalloc(v->nkids + 1, sizeof *argv);
	for (size_t i = 0; i < v->nkids; i++) {
		if (v->kids[i]->kind != YN_SCALAR) {
			if (v->kids[i]->kind != YN_BAD)
				ywalk_error(w, v->kids[i], "a 'command' argument must be text");
			continue;
		}
		if (i == 0 && v->kids[i]->len == 0) {
			ywalk_error(w, v->kids[i], "the program of 'command' is empty");
			continue;
		}
		argv[n++] = xstrdup(v->kids[i]->s);
	}
	*out = argv;
	return n == v->nkids;
}

static void load_channel(struct ywalk *w, const struct ynode *k,
			 const struct ynode *v, struct config_channel *ch)
{
	char show[160];
	int kinds = 0;
	bool clip = false;

	ch->name = xstrdup(k->s);
	ch->timeout_s = CONFIG_CHANNEL_TIMEOUT;
	if (!channel_name_ok(k->s, k->len))
		ywalk_error(w, k, "bad channel name '%s': use only a-z, 0-9 and '-'",
			    ynode_show(k, show, sizeof show));
	if (v->kind == YN_BAD)
		return;
	if (v->kind != YN_MAP) {
		ywalk_error(w, v, "channel '%s' must be a mapping with one of command, file or clipboard",
			    ch->name);
		return;
	}
	for (size_t i = 0; i + 1 < v->nkids; i += 2) {
		const struct ynode *ck = v->kids[i], *cv = v->kids[i + 1];
		if (ck->kind != YN_SCALAR)
			continue;
		if (ynode_is(ck, "command")) {
			kinds++;
			ch->kind = CHANNEL_COMMAND;
			load_argv(w, cv, &ch->argv);
		} else if (ynode_is(ck, "file")) {
			kinds++;
			ch->kind = CHANNEL_FILE;
			load_path(w, "file", cv, &ch->path);
		} else if (ynode_is(ck, "clipboard")) {
			kinds++;
			ch->kind = CHANNEL_CLIPBOARD;
			if (ywalk_bool(w, "clipboard", cv, &clip) && !clip)
				ywalk_error(w, cv, "'clipboard' can only be true (leave the channel out instead)");
		} else if (ynode_is(ck, "timeout")) {
			ywalk_int(w, "timeout", cv, 1, CONFIG_CHANNEL_TIMEOUT_MAX, &ch->timeout_s);
		} else {
			ywalk_error(w, ck, "unknown key '%s' in channel '%s'",
				    ynode_show(ck, show, sizeof show), ch->name);
		}
	}
	if (kinds != 1)
		ywalk_error(w, v, "channel '%s' needs exactly one of command, file or clipboard",
			    ch->name);
}

static void load_channels(struct ywalk *w, const struct ynode *v,
			  struct config *cfg)
{
	if (v->kind == YN_BAD)
		return;
	if (v->kind != YN_MAP) {
		ywalk_error(w, v, "'channels' must be a mapping of name to channel");
		return;
	}
	if (cfg->channels)
		return;
	cfg->channels = xcalloc(v->nkids / 2 + 1, sizeof *cfg->channels);
	for (size_t i = 0; i + 1 < v->nkids; i += 2)
		if (v->kids[i]->kind == YN_SCALAR)
			load_channel(w, v->kids[i], v->kids[i + 1],
				     &cfg->channels[cfg->nchannels++]);
}

/* cadence: AUDIENCE: MINUTES | {SEVERITY: MINUTES, ...} */
static void load_cadence(struct ywalk *w, const struct ynode *v,
			 struct config *cfg)
{
	char show[160];

	if (v->kind == YN_BAD)
		return;
	if (v->kind != YN_MAP) {
		ywalk_error(w, v, "'cadence' must be a mapping of audience to minutes");
		return;
	}
	for (size_t i = 0; i + 1 < v->nkids; i += 2) {
		const struct ynode *ak = v->kids[i], *av = v->kids[i + 1];
		int a, m = 0;

		if (ak->kind != YN_SCALAR)
			continue;
		a = audience_parse(ak->s);
		if (a < 0) {
			ywalk_error(w, ak, "unknown audience '%s' in cadence (use internal, external or resolution)",
				    ynode_show(ak, show, sizeof show));
			continue;
		}
		if (av->kind == YN_SCALAR) {
			if (ywalk_int(w, "cadence", av, 1, 24 * 60, &m))
				for (int s = 0; s < 4; s++)
					cfg->cadence[a][s] = m;
			continue;
		}
		if (av->kind != YN_MAP) {
			if (av->kind != YN_BAD)
				ywalk_error(w, av, "cadence for '%s' must be minutes or a mapping of severity to minutes",
					    ak->s);
			continue;
		}
		for (size_t j = 0; j + 1 < av->nkids; j += 2) {
			const struct ynode *sk = av->kids[j];
			int sev = 0;

			if (sk->kind != YN_SCALAR)
				continue;
			if (!ywalk_int(w, "severity", sk, 1, 4, &sev))
				continue;
			if (ywalk_int(w, "cadence", av->kids[j + 1], 1, 24 * 60, &m))
				cfg->cadence[a][sev - 1] = m;
		}
	}
}

static void load_key(struct ywalk *w, const struct ynode *k,
		     const struct ynode *v, struct config *cfg)
{
	char show[160];

	if (ynode_is(k, "channels")) {
		load_channels(w, v, cfg);
		return;
	}
	if (ynode_is(k, "cadence")) {
		load_cadence(w, v, cfg);
		return;
	}

	for (size_t i = 0; i < sizeof cfg_keys / sizeof cfg_keys[0]; i++) {
		const struct cfg_key *ck = &cfg_keys[i];
		void *slot = (char *)cfg + ck->off;
		if (!ynode_is(k, ck->name))
			continue;
		switch (ck->type) {
		case CFG_NAME:
			load_name(w, ck->name, v, slot);
			break;
		case CFG_NAMES:
			load_names(w, v, slot);
			break;
		case CFG_PATH:
			load_path(w, ck->name, v, slot);
			break;
		case CFG_TEXT:
			ywalk_text(w, ck->name, v, true, slot);
			break;
		}
		return;
	}
	ywalk_error(w, k, "unknown key '%s' in config", ynode_show(k, show, sizeof show));
}

void config_release(struct config *cfg)
{
	if (!cfg)
		return;
	free(cfg->author);
	for (size_t i = 0; cfg->names && cfg->names[i]; i++)
		free(cfg->names[i]);
	free(cfg->names);
	free(cfg->db);
	free(cfg->playbook);
	free(cfg->theme);
	for (size_t i = 0; i < cfg->nchannels; i++) {
		struct config_channel *ch = &cfg->channels[i];
		free(ch->name);
		for (size_t j = 0; ch->argv && ch->argv[j]; j++)
			free(ch->argv[j]);
		free(ch->argv);
		free(ch->path);
	}
	free(cfg->channels);
	free(cfg->source);
	memset(cfg, 0, sizeof *cfg);
}

enum calm_rc config_load(const char *path, const char *text, size_t len,
			 config_report_fn report, void *ctx,
			 struct config *out, struct calm_err *err)
{
	struct ywalk w = { .path = path, .report = report, .ctx = ctx, .err = err };
	struct ynode *root;
	bool fatal;

	assert(out);
	assert(text || len == 0);
	memset(out, 0, sizeof *out);
	root = ywalk_parse(&w, text, len, &fatal);
	if (root && root->kind == YN_MAP) {
		for (size_t i = 0; i + 1 < root->nkids; i += 2)
			if (root->kids[i]->kind == YN_SCALAR)
				load_key(&w, root->kids[i], root->kids[i + 1], out);
	} else if (root && root->kind != YN_BAD) {
		ywalk_error(&w, root, "expected a mapping at the top level");
	}
	ynode_free(root);
	if (w.nerrors > 0) {
		config_release(out);
		return CALM_CONFIG;
	}
	out->source = path ? xstrdup(path) : NULL;
	return CALM_OK;
}

enum calm_rc config_read_file(const char *path, char **text, size_t *len,
			      struct calm_err *err)
{
	struct buf b = BUF_INIT;
	struct stat st;
	enum calm_rc rc = CALM_OK;
	char chunk[65536];
	int fd;

	assert(path && text && len);
	*text = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return calm_err_set(err, CALM_IO, "cannot read '%s': %s", path,
				    strerror(errno));
	if (fstat(fd, &st) != 0)
		rc = calm_err_set(err, CALM_IO, "cannot read '%s': %s", path,
				  strerror(errno));
	else if (S_ISDIR(st.st_mode))
		rc = calm_err_set(err, CALM_IO, "cannot read '%s': %s", path,
				  strerror(EISDIR));
	else if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > READ_MAX)
		rc = calm_err_set(err, CALM_IO, "cannot read '%s': larger than 16 MiB",
				  path);
	while (rc == CALM_OK) {
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = calm_err_set(err, CALM_IO, "cannot read '%s': %s", path,
					  strerror(errno));
		} else if (n == 0) {
			break;
		} else if (b.len + (size_t)n > READ_MAX) {
			rc = calm_err_set(err, CALM_IO, "cannot read '%s': larger than 16 MiB",
					  path); /* it grew, or is not a regular file */
		} else {
			buf_add(&b, chunk, (size_t)n);
		}
	}
	close(fd);
	if (rc != CALM_OK) {
		buf_release(&b);
		return rc;
	}
	*len = b.len;
	*text = buf_detach(&b);
	return CALM_OK;
}
