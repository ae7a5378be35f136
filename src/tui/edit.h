/*
 * edit.h - the line editor (edit.c), included by tui.h.
 *
 * One line at the bottom of the screen that holds the text being typed:
 * a note, a field, a draft, a search.  Its purpose decides the label,
 * whether newlines are kept (shown as a return mark) and whether Esc
 * asks before dropping the text.
 */
#ifndef CALM_TUI_EDIT_H
#define CALM_TUI_EDIT_H

/* Only tui.h includes this, after struct rect. */
#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

/* ---- line editor (edit.c) ---- */

enum edit_purpose {
	EDIT_NOTE,     /* a note for the timeline; may hold newlines */
	EDIT_OVERRIDE, /* the reason for overriding a gate */
	EDIT_TITLE,    /* the title of a new incident */
	EDIT_FIELD,    /* an incident field (struct tui.edit_field) */
	EDIT_FIX_WHAT, /* a fix attempt: what is tried */
	EDIT_FIX_WHY,  /* ... and why (optional) */
	EDIT_FIX_NOTE, /* the note of an outcome (optional) */
	EDIT_NOFIX,    /* no fix possible: what was lost */
	EDIT_ITEM_TITLE, /* a new action item: its title */
	EDIT_ITEM_OWNER, /* ... its owner (optional) */
	EDIT_ITEM_DUE,   /* ... its due date (optional) */
	EDIT_ITEM_FIELD, /* one field of an existing item */
	EDIT_EXPORT_PATH,/* where to export the postmortem */
	EDIT_DRAFT,      /* a short draft edited inline; may hold newlines */
	EDIT_TRAVEL,     /* time travel: the time to go to */
	EDIT_SEARCH,     /* a full-text search (the picker filters as you type) */
	EDIT_ROLE_PERSON,/* the person a role is handed to */
	EDIT_WHEN,       /* backfill: the moment a note is about */
	EDIT_BACKFILL,   /* ... the note; may hold newlines */
	EDIT_MILESTONE_AT,/* when a milestone happened (empty: now) */
	EDIT_AMEND,      /* the new text of a timeline entry; may hold newlines */
	EDIT_STRIKE,     /* why a timeline entry is struck out */
};

/* Whether the purpose is for long text (and asks before Esc drops it). */
#define EDIT_MULTILINE(p) ((p) == EDIT_NOTE || (p) == EDIT_DRAFT || \
			   (p) == EDIT_BACKFILL || (p) == EDIT_AMEND)
/* Whether the purpose is one line by nature: newlines become spaces. */
#define EDIT_ONE_LINE(p) ((p) == EDIT_TITLE || (p) == EDIT_SEARCH || \
			  (p) == EDIT_TRAVEL || (p) == EDIT_EXPORT_PATH || \
			  (p) == EDIT_ROLE_PERSON || (p) == EDIT_ITEM_OWNER || \
			  (p) == EDIT_ITEM_DUE || (p) == EDIT_WHEN || \
			  (p) == EDIT_MILESTONE_AT)

struct edit {
	bool open;               /* the editor has the keyboard */
	enum edit_purpose purpose;
	char label[48];          /* "note: ", "impact: " */
	wchar_t *s;              /* the text, not NUL-terminated; '\n' kept in notes */
	size_t len, cap;         /* characters used / allocated */
	size_t cur;              /* cursor: index into s */
	bool confirm;            /* asking "discard the note you are typing? y/N" */
	wchar_t *clean;          /* the text as saved, when it was (edit_mark_clean) */
	size_t clean_len;        /* its length; Esc asks only when s differs */
	bool has_clean;
};

enum edit_result { EDIT_GOING, EDIT_DONE, EDIT_CANCEL, EDIT_EXTERNAL };

/* Open the editor, empty, for purpose (label from the purpose). */
void edit_begin(struct edit *e, enum edit_purpose purpose);
/* Insert UTF-8 text, kept exactly (shown inert while edited): only NUL
 * and invalid bytes are dropped, and newlines become spaces where the
 * purpose is one line (EDIT_ONE_LINE).  Returns false when the text had
 * to be cut at the editor's cap. */
bool edit_insert_utf8(struct edit *e, const char *s, size_t len);
/* The text now is saved text (a draft opened for editing): Esc asks
 * before dropping only once it differs. */
void edit_mark_clean(struct edit *e);
/* Handle one key; EDIT_DONE on Enter, EDIT_CANCEL on Esc (after a
 * y/N confirmation when text would be lost), EDIT_EXTERNAL on C-x. */
enum edit_result edit_key(struct edit *e, int key);
/* The text as malloc'd UTF-8. */
char *edit_text(const struct edit *e);
/* Lines in the text (1 + newlines). */
size_t edit_lines(const struct edit *e);
/* Draw in one line r; places the terminal cursor. */
void edit_draw(const struct edit *e, const struct rect *r);
void edit_end(struct edit *e);

#endif
