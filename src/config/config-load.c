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
 *   timezone: Europe/Berlin      # typed and shown times (default UTC)
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
 *   prompts: false               # calm prompts off (default true)
 *   run_lines: 20                # lines of output calm run keeps, 1..1000
 *   blame: [careless, Dave]      # added to the playbook's blame phrases
 *   keys:                        # overrides, in the console's key syntax;
 *     note: "a"                  #   actions: note, advance, back, tick,
 *     advance: ">"               #   help, quit, theme, fields, mouse
 *     quit: "q C-c"              #   (quote > and # for YAML)
 *
 * An empty file is a valid config with nothing set.  Mistakes are
 * located errors, reported all at once, like a playbook's.
 */
#include "calm/config.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calm/blame.h"
#include "calm/buf.h"
#include "calm/text.h"
#include "yaml-walk.h"

/* Largest file config_read_file() accepts. */
#define READ_MAX ((size_t)16 << 20)

enum cfg_type {
	CFG_NAME,     /* a person's name: text, no control characters */
	CFG_NAMES,    /* a list of names */
	CFG_PATH,     /* an absolute path, or ~/ + a path under $HOME */
	CFG_DB,       /* a server (config-db.c), else as CFG_PATH */
	CFG_TEXT,     /* any non-empty text */
	CFG_BOOL,     /* true or false */
	CFG_PHRASES,  /* a list of one-line phrases */
	CFG_KEYS,     /* action: keys */
	CFG_CHANNELS, /* name: channel */
	CFG_CADENCE,  /* audience: minutes */
	CFG_ZONE,     /* an IANA time zone name */
	CFG_INT,      /* a whole number in [min, max] */
};

struct cfg_key {
	const char *name;   /* the YAML key */
	enum cfg_type type;
	size_t off;         /* where the value goes in struct config */
	const char *help;   /* one line for docs */
	int min, max;       /* CFG_INT: the range */
};

static const struct cfg_key cfg_keys[] = {
	{ "author", CFG_NAME, offsetof(struct config, author),
	  "the acting author when --as is not given", 0, 0 },
	{ "names", CFG_NAMES, offsetof(struct config, names),
	  "names to cycle through when pairing", 0, 0 },
	{ "db", CFG_DB, offsetof(struct config, db),
	  "the database: a file, or a server (postgresql://... or service=NAME)", 0, 0 },
	{ "playbook", CFG_PATH, offsetof(struct config, playbook),
	  "a playbook file to use instead of the built-in one", 0, 0 },
	{ "theme", CFG_TEXT, offsetof(struct config, theme),
	  "a theme name (themes/NAME.yaml) or path; --theme wins", 0, 0 },
	{ "timezone", CFG_ZONE, offsetof(struct config, timezone),
	  "the zone times are typed and shown in: an IANA name (Europe/Berlin); default UTC", 0, 0 },
	{ "prompts", CFG_BOOL, offsetof(struct config, prompts_off),
	  "false turns the calm prompts off (default true)", 0, 0 },
	{ "run_lines", CFG_INT, offsetof(struct config, run_lines),
	  "lines of a command's output that 'calm run' records (default 20)", 1, 1000 },
	{ "blame", CFG_PHRASES, offsetof(struct config, blame),
	  "phrases or names added to the playbook's blame check", 0, 0 },
	{ "keys", CFG_KEYS, offsetof(struct config, keys),
	  "key overrides: note, advance, back, tick, help, quit, theme, fields, mouse", 0, 0 },
	{ "channels", CFG_CHANNELS, 0,
	  "where 'send' delivers each audience's update: command, file or clipboard", 0, 0 },
	{ "cadence", CFG_CADENCE, 0,
	  "minutes between updates per audience, or per audience and severity", 0, 0 },
	{ "seal_key", CFG_PATH, offsetof(struct config, seal_key),
	  "the SSH key 'calm seal' signs with (else the agent's, else ~/.ssh/id_ed25519)", 0, 0 },
};

static const char *const action_names[KEYACT_COUNT] = {
#define CONFIG_ACTION_NAME(e, name, keys, help) [e] = name,
	CONFIG_ACTIONS(CONFIG_ACTION_NAME)
#undef CONFIG_ACTION_NAME
};

static const char *const action_keys[KEYACT_COUNT] = {
#define CONFIG_ACTION_KEYS(e, name, keys, help) [e] = keys,
	CONFIG_ACTIONS(CONFIG_ACTION_KEYS)
#undef CONFIG_ACTION_KEYS
};

/* Longest blame phrase and most phrases, as for a playbook's. */
#define BLAME_MAX_LEN 80
#define BLAME_MAX 200

const char *config_action_name(enum config_action a)
{
	return (unsigned)a < KEYACT_COUNT ? action_names[a] : NULL;
}

const char *config_action_keys(enum config_action a)
{
	return (unsigned)a < KEYACT_COUNT ? action_keys[a] : NULL;
}

int config_action_parse(const char *name)
{
	for (int a = 0; name && a < KEYACT_COUNT; a++)
		if (strcmp(action_names[a], name) == 0)
			return a;
	return -1;
}

void config_keys_each(void (*fn)(const char *name, const char *help, void *ctx),
		      void *ctx)
{
	for (size_t i = 0; i < sizeof cfg_keys / sizeof cfg_keys[0]; i++)
		fn(cfg_keys[i].name, cfg_keys[i].help, ctx);
}

/* Key names the console knows (tui/actions.c), besides one character
 * and C-a .. C-z. */
static const char *const key_names[] = {
	"Space", "Tab", "Enter", "Esc", "Up", "Down", "Left", "Right",
	"Home", "End", "PgUp", "PgDn",
};

static bool key_ok(const char *k, size_t len)
{
	unsigned cp = 0;

	for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
		if (strlen(key_names[i]) == len && strncmp(k, key_names[i], len) == 0)
			return true;
	if (len == 3 && k[0] == 'C' && k[1] == '-' && k[2] >= 'a' && k[2] <= 'z')
		return true;
	return text_utf8_decode(k, len, &cp) == len && cp > 0x20 && cp != 0x7f &&
	       !text_cp_is_unsafe(cp);
}

const char *config_keys_check(const char *spec, size_t *badlen)
{
	const char *p = spec;
	bool any = false;

	*badlen = 0;
	while (*p) {
		size_t len = strcspn(p, " ");
		if (len && !key_ok(p, len)) {
			*badlen = len;
			return p;
		}
		any = any || len > 0;
		p += len;
		p += strspn(p, " ");
	}
	return any ? NULL : spec;
}

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

/* Where the zone files are: $TZDIR (glibc reads it too), else the usual. */
static const char *zone_dir(void)
{
	const char *d = getenv("TZDIR");

	return d && d[0] == '/' ? d : "/usr/share/zoneinfo";
}

/*
 * timezone: UTC, or an IANA name whose zone file exists.  glibc reads an
 * unknown zone as UTC without a word, so a typo would shift every time
 * typed; it is refused here instead.
 */
static void load_zone(struct ywalk *w, const struct ynode *v, char **out)
{
	char *s = NULL, show[160];
	bool ok = true;
	struct buf path = BUF_INIT;
	struct stat sb;

	if (!ywalk_text(w, "timezone", v, true, &s))
		return;
	for (const char *p = s; *p && ok; p++)
		ok = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		     (*p >= '0' && *p <= '9') || strchr("/_+-", *p);
	ok = ok && s[0] != '/' && !strstr(s, "..") && strlen(s) < 64;
	if (ok && strcmp(s, "UTC") != 0) {
		buf_addf(&path, "%s/%s", zone_dir(), s);
		ok = stat(buf_cstr(&path), &sb) == 0 && S_ISREG(sb.st_mode);
		buf_release(&path);
	}
	if (!ok) {
		ywalk_error(w, v, "unknown timezone '%s': use UTC or a name from %s such as Europe/Berlin",
			    ynode_show(v, show, sizeof show), zone_dir());
		free(s);
		return;
	}
	free(*out);
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

/* blame: [phrase, ...]: added to the playbook's list. */
static void load_blame(struct ywalk *w, const struct ynode *v, char ***out)
{
	char **list;
	size_t n = 0;

	if (v->kind == YN_BAD)
		return;
	if (v->kind != YN_SEQ) {
		ywalk_error(w, v, "'blame' must be a list of phrases");
		return;
	}
	if (v->nkids > BLAME_MAX) {
		ywalk_error(w, v, "too many blame phrases (at most %d)", BLAME_MAX);
		return;
	}
	list = xcalloc(v->nkids + 1, sizeof *list);
	for (size_t i = 0; i < v->nkids; i++) {
		const struct ynode *p = v->kids[i];
		char *s = NULL;

		if (!ywalk_text(w, "blame", p, true, &s))
			continue;
		if (p->len > BLAME_MAX_LEN || strchr(s, '\n')) {
			ywalk_error(w, p, "a blame phrase must be one line of at most %d bytes",
				    BLAME_MAX_LEN);
			free(s);
			continue;
		}
		list[n++] = s;
	}
	if (*out) /* a duplicate key, already reported */
		config_strv_free(list);
	else
		*out = list;
}

/* keys: {action: "keys", ...} */
static void load_keys(struct ywalk *w, const struct ynode *v, char **keys)
{
	char show[160];

	if (v->kind == YN_BAD)
		return;
	if (v->kind != YN_MAP) {
		ywalk_error(w, v, "'keys' must be a mapping of action to keys");
		return;
	}
	for (size_t i = 0; i + 1 < v->nkids; i += 2) {
		const struct ynode *ak = v->kids[i], *kv = v->kids[i + 1];
		const char *bad;
		size_t badlen;
		char *s = NULL;
		int a;

		if (ak->kind != YN_SCALAR)
			continue;
		a = config_action_parse(ak->s);
		if (a < 0) {
			ywalk_error(w, ak, "unknown action '%s' in keys (use note, advance, back, tick, help, quit, theme, fields or mouse)",
				    ynode_show(ak, show, sizeof show));
			continue;
		}
		if (kv->kind == YN_SCALAR && kv->plain && kv->len == 0) {
			ywalk_error(w, kv, "no keys for '%s' (quote characters YAML reads specially: \">\", \"#\")",
				    ak->s);
			continue;
		}
		if (!ywalk_text(w, ak->s, kv, true, &s))
			continue;
		bad = config_keys_check(s, &badlen);
		if (bad) {
			char kname[64];
			struct ynode tmp = *kv;

			snprintf(kname, sizeof kname, "%.*s",
				 (int)(badlen ? badlen : strlen(bad)), bad);
			tmp.s = kname;
			tmp.len = strlen(kname);
			ywalk_error(w, kv, "bad key '%s' for '%s': use one character, Space, Tab, Enter, Esc, Up, Down, Left, Right, Home, End, PgUp, PgDn or C-a..C-z",
				    ynode_show(&tmp, show, sizeof show), ak->s);
			free(s);
			continue;
		}
		free(keys[a]);
		keys[a] = s;
	}
	/* one key for two actions would leave one unreachable */
	for (int a = 0; a < KEYACT_COUNT; a++) {
		const char *ka = keys[a] ? keys[a] : action_keys[a];
		for (int b = a + 1; b < KEYACT_COUNT; b++) {
			const char *kb = keys[b] ? keys[b] : action_keys[b];
			if (!keys[a] && !keys[b])
				continue;
			for (const char *p = kb; *p;) {
				size_t len = strcspn(p, " ");
				for (const char *q = ka; len && *q;) {
					size_t ql = strcspn(q, " ");
					if (ql == len && strncmp(p, q, len) == 0)
						ywalk_error(w, v, "key '%.*s' is bound to both '%s' and '%s'",
							    (int)len, p, action_names[a],
							    action_names[b]);
					q += ql;
					q += strspn(q, " ");
				}
				p += len;
				p += strspn(p, " ");
			}
		}
	}
}

static void load_key(struct ywalk *w, const struct ynode *k,
		     const struct ynode *v, struct config *cfg)
{
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
		case CFG_DB:
			if (config_load_server(w, ck->name, v, slot))
				break;
			/* fall through - a file's path */
		case CFG_PATH:
			load_path(w, ck->name, v, slot);
			break;
		case CFG_TEXT:
			ywalk_text(w, ck->name, v, true, slot);
			break;
		case CFG_BOOL: {
			bool on = true;
			if (ywalk_bool(w, ck->name, v, &on))
				cfg->prompts_off = !on; /* the one bool: prompts */
			break;
		}
		case CFG_PHRASES:
			load_blame(w, v, slot);
			break;
		case CFG_KEYS:
			load_keys(w, v, cfg->keys);
			break;
		case CFG_CHANNELS:
			load_channels(w, v, cfg);
			break;
		case CFG_CADENCE:
			load_cadence(w, v, cfg);
			break;
		case CFG_ZONE:
			load_zone(w, v, slot);
			break;
		case CFG_INT:
			ywalk_int(w, ck->name, v, ck->min, ck->max, slot);
			break;
		}
		return;
	}
	ywalk_unknown_key(w, k, "config");
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
	free(cfg->seal_key);
	free(cfg->timezone);
	config_strv_free(cfg->blame);
	for (int a = 0; a < KEYACT_COUNT; a++)
		free(cfg->keys[a]);
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
	ywalk_done(&w);
	if (w.nerrors > 0) {
		config_release(out);
		return CALM_CONFIG;
	}
	out->source = path ? xstrdup(path) : NULL;
	return CALM_OK;
}

/*
 * Whether a file may be trusted as trust says, from fstat of the open
 * file (so it is the file read): a config runs commands (its channels),
 * so like ssh with its config nobody but its owner may write it and its
 * owner must be you or root; a playbook or theme is shared by a team and
 * runs nothing, so only a file anyone may write is refused.
 */
static enum calm_rc check_trust(const char *path, const struct stat *st,
				enum config_trust trust, struct calm_err *err)
{
	if (trust == CONFIG_RUNS_COMMANDS) {
		if (st->st_uid != geteuid() && st->st_uid != 0)
			return calm_err_set(err, CALM_CONFIG,
					    "'%s' belongs to user %lu, not to you or root, and its channels run commands: use your own copy",
					    path, (unsigned long)st->st_uid);
		if (st->st_mode & (S_IWGRP | S_IWOTH))
			return calm_err_set(err, CALM_CONFIG,
					    "'%s' is writable by %s and its channels run commands: fix it with chmod go-w '%s'",
					    path, st->st_mode & S_IWOTH ? "others" : "its group", path);
	} else if (st->st_mode & S_IWOTH) {
		return calm_err_set(err, CALM_CONFIG,
				    "'%s' is writable by others: fix it with chmod o-w '%s'", path, path);
	}
	return CALM_OK;
}

enum calm_rc config_read_trusted(const char *path, enum config_trust trust,
				 char **text, size_t *len, struct calm_err *err)
{
	struct buf b = BUF_INIT;
	struct stat st;
	enum calm_rc rc = CALM_OK;
	char chunk[65536];
	int fd;

	assert(path && text && len);
	*text = NULL;
	*len = 0;
	/* O_NONBLOCK: a FIFO must not block the open; refused below */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return calm_err_set(err, CALM_IO, "cannot read '%s': %s", path,
				    strerror(errno));
	if (fstat(fd, &st) != 0)
		rc = calm_err_set(err, CALM_IO, "cannot read '%s': %s", path,
				  strerror(errno));
	else if (S_ISDIR(st.st_mode))
		rc = calm_err_set(err, CALM_IO, "cannot read '%s': %s", path,
				  strerror(EISDIR));
	else if (!S_ISREG(st.st_mode))
		rc = calm_err_set(err, CALM_CONFIG, "'%s' is not a regular file", path);
	else if ((unsigned long long)st.st_size > READ_MAX)
		rc = calm_err_set(err, CALM_IO, "cannot read '%s': larger than 16 MiB",
				  path);
	if (rc == CALM_OK)
		rc = check_trust(path, &st, trust, err);
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
					  path); /* it grew */
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

enum calm_rc config_read_file(const char *path, char **text, size_t *len,
			      struct calm_err *err)
{
	return config_read_trusted(path, CONFIG_SHARED, text, len, err);
}

void config_strv_free(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

void config_merge_blame(struct playbook *pb, const struct config *cfg)
{
	const char *const *base;
	size_t nb = 0, nc = 0;
	char **list;

	if (!pb || !cfg || !cfg->blame || !cfg->blame[0])
		return;
	base = pb->blame ? (const char *const *)pb->blame : blame_default_patterns;
	while (base[nb])
		nb++;
	while (cfg->blame[nc])
		nc++;
	list = xcalloc(nb + nc + 1, sizeof *list);
	for (size_t i = 0; i < nb; i++)
		list[i] = xstrdup(base[i]);
	for (size_t i = 0; i < nc; i++)
		list[nb + i] = xstrdup(cfg->blame[i]);
	config_strv_free(pb->blame);
	pb->blame = list;
}
