/*
 * actions.h - the table of every user action, included by tui.h.
 *
 * One line per action: its enum, its default keys in the user syntax
 * ("j Down", "C-d", "Space Enter"), its short name for the key line,
 * its help line, the places (enum where) it works in and its flags
 * (enum action_flags: ACTF_MUTATES is refused on a closed incident,
 * ACTF_KEYLINE shows on the bottom line).  actions.c parses the keys,
 * and the dispatch, the key line and the help overlay are all generated
 * from it.  Where two actions share a key, their places differ; the
 * first line that matches the place wins, so pane keys come first.
 */
#ifndef CALM_TUI_ACTIONS_H
#define CALM_TUI_ACTIONS_H

/* X(enum, default keys, name, help, where, flags) */
#define TUI_ACTIONS(X)                                                           \
	X(ACT_DOWN, "j Down", "down", "move down one line", W_LISTS, ACTF_KEYLINE) \
	X(ACT_UP, "k Up", "up", "move up one line", W_LISTS, 0) \
	X(ACT_TOP, "g Home", "top", "go to the first line", W_LISTS, 0) \
	X(ACT_BOTTOM, "G End", "bottom", "go to the last line (the timeline follows new events again)", W_LISTS, 0) \
	X(ACT_PGDN, "PgDn C-d", "page down", "move down one page", W_LISTS, 0) \
	X(ACT_PGUP, "PgUp C-u", "page up", "move up one page", W_LISTS, 0) \
	X(ACT_TICK, "Space Enter", "tick", "tick or untick the selected checklist item", W_CHECKLIST, ACTF_MUTATES | ACTF_KEYLINE) \
	X(ACT_EDIT, "Enter e", "edit", "edit the selected field in place (Enter saves, Esc cancels)", W_FIELDS, ACTF_MUTATES | ACTF_KEYLINE) \
	X(ACT_OPEN, "Enter", "open", "open the selected incident", W_PICKER, ACTF_KEYLINE) \
	X(ACT_READ, "Enter", "read", "read the selected event whole, with every version of an amended one", W_TIMELINE, ACTF_KEYLINE) \
	X(ACT_DRILL_START, "D", "drill", "in the picker: practise the routine on the selected closed incident (at 10x)", W_PICKER, ACTF_DRILL) \
	X(ACT_DECLARE, "n", "declare", "declare a new incident (asks for a title; shows similar past ones)", W_PICKER, ACTF_MUTATES | ACTF_KEYLINE) \
	X(ACT_DRAFT_EDIT, "e Enter", "edit", "edit the draft in $VISUAL/$EDITOR; each save is a revision", W_COMMS, ACTF_MUTATES | ACTF_KEYLINE) \
	X(ACT_DRAFT_INLINE, "i", "inline", "edit a short draft here in the line editor (newlines shown as return marks); Enter saves a revision", W_COMMS, ACTF_MUTATES) \
	X(ACT_DRAFT_SEND, "s", "send", "send the draft: blame check, then the audience's channel", W_COMMS, ACTF_MUTATES | ACTF_KEYLINE) \
	X(ACT_AUDIENCE, "a Right Left", "audience", "next audience (Left: previous): internal, external, resolution", W_COMMS, ACTF_KEYLINE) \
	X(ACT_VIEW_SENT, "v", "read sent", "read the last update sent to this audience, as it went out", W_COMMS, 0) \
	X(ACT_DRAFT_RENDER, "r", "template", "start the draft again from the template (a new revision)", W_COMMS, ACTF_MUTATES) \
	X(ACT_SET_OUTSTANDING, "o", "outstanding", "state the known outstanding issues ('none' if none)", W_COMMS, ACTF_MUTATES) \
	X(ACT_SET_LOST, "l", "data lost", "state the data lost ('none' if none)", W_COMMS, ACTF_MUTATES) \
	X(ACT_FIX_ADD, "a", "attempt", "log a fix attempt: what was tried, then why (optional)", W_FIXES, ACTF_MUTATES | ACTF_KEYLINE) \
	X(ACT_FIX_OUTCOME, "o Enter", "outcome", "the selected attempt's outcome (w worked, f failed, p partial, r rolled back), then a note", W_FIXES, ACTF_MUTATES | ACTF_KEYLINE) \
	X(ACT_FIX_POST, "p", "post", "post the selected attempt as an internal update draft", W_FIXES, ACTF_MUTATES | ACTF_KEYLINE) \
	X(ACT_FIX_NONE, "x", "no fix", "declare that no fix is possible (asks what was lost)", W_FIXES, ACTF_MUTATES) \
	X(ACT_ITEM_ADD, "a", "add", "add an action item: title, owner, category, due date", W_ACTIONS, ACTF_MUTATES | ACTF_KEYLINE) \
	X(ACT_ITEM_EDIT, "Enter e", "edit", "edit the selected field of the selected item", W_ACTIONS, ACTF_MUTATES | ACTF_KEYLINE) \
	X(ACT_ITEM_DONE, "Space", "done", "mark the selected item done (again: open)", W_ACTIONS, ACTF_MUTATES | ACTF_KEYLINE) \
	X(ACT_ITEM_DROP, "d", "drop", "drop the selected item", W_ACTIONS, ACTF_MUTATES) \
	X(ACT_ITEM_FIELD, "Right Left", "field", "choose the field to edit: title, owner, category, due", W_ACTIONS, 0) \
	X(ACT_AMEND, "e", "amend", "amend the selected note or command: the new text supersedes it, the old stays in its history", W_TIMELINE, ACTF_MUTATES | ACTF_KEYLINE) \
	X(ACT_STRIKE, "x", "strike", "strike out the selected note or command, with a reason (nothing is deleted)", W_TIMELINE, ACTF_MUTATES | ACTF_KEYLINE) \
	X(ACT_SEARCH, "/", "search", "search every incident (in the picker the list filters by title as you type)", W_PICKER | W_TIMELINE, 0) \
	X(ACT_FILTER_STATUS, "a", "filter", "show all, active or closed incidents", W_PICKER, 0) \
	X(ACT_FILTER_SEV, "1 2 3 4", "severity", "show or hide a severity (none chosen: all)", W_PICKER, 0) \
	X(ACT_EXPORT, "x", "export", "export the postmortem to a file (asks for the path; .html: the page)", W_POSTMORTEM, ACTF_KEYLINE) \
	X(ACT_NOTE, "n", "note", "write a note into the timeline (C-x in it opens $EDITOR)", W_INCIDENT, ACTF_MUTATES | ACTF_KEYLINE) \
	X(ACT_BACKFILL, "b", "backfill", "write a note about an earlier moment: asks when (HH:MM, YYYY-MM-DD HH:MM, -15m), then the note", W_INCIDENT, ACTF_MUTATES) \
	X(ACT_MILESTONE, "m", "milestone", "mark when the impact was detected, started, mitigated or resolved (then when: Enter is now)", W_INCIDENT, ACTF_MUTATES) \
	X(ACT_NOTE_EDITOR, "N", "long note", "write a long note in $VISUAL or $EDITOR", W_INCIDENT, ACTF_MUTATES) \
	X(ACT_ADVANCE, ">", "advance", "advance to the next stage (the gate may ask for an override reason)", W_INCIDENT, ACTF_MUTATES | ACTF_KEYLINE) \
	X(ACT_BACK, "<", "back", "go back one stage (recorded)", W_INCIDENT, ACTF_MUTATES) \
	X(ACT_DRILL_PAUSE, "P", "pause", "on a drill: pause the drill clock (again: go on)", W_INCIDENT, ACTF_DRILL) \
	X(ACT_DRILL_ABANDON, "A", "abandon", "on a drill: abandon it (press twice; it is kept, marked abandoned)", W_INCIDENT, ACTF_MUTATES | ACTF_DRILL) \
	X(ACT_ROLE, "R", "roles", "offer a role (incident commander, communications...) to someone, or take one offered to you (a); recorded", W_INCIDENT, ACTF_MUTATES) \
	X(ACT_TRAVEL_BACK, "[", "back", "review: one event back in time (every pane shows the incident as it was)", W_INCIDENT, ACTF_REVIEW) \
	X(ACT_TRAVEL_FWD, "]", "on", "review: one event forward in time", W_INCIDENT, ACTF_REVIEW) \
	X(ACT_TRAVEL_BACK10, "{", "-10", "review: ten events back", W_INCIDENT, ACTF_REVIEW) \
	X(ACT_TRAVEL_FWD10, "}", "+10", "review: ten events forward", W_INCIDENT, ACTF_REVIEW) \
	X(ACT_TRAVEL_TIME, "t", "time", "review: go to a time typed as HH:MM (on the selected event's day) or YYYY-MM-DD HH:MM", W_INCIDENT, ACTF_REVIEW) \
	X(ACT_TRAVEL_NOW, ". Esc", "now", "review: back to now", W_INCIDENT, ACTF_REVIEW) \
	X(ACT_PANE, "Tab", "pane", "next pane: checklist, timeline, fields, comms, fixes, actions, postmortem", W_INCIDENT, ACTF_KEYLINE) \
	X(ACT_GOTO, "1 2 3 4 5 6 7", "panes", "jump to a pane: 1 checklist 2 timeline 3 fields 4 comms 5 fixes 6 actions 7 postmortem", W_INCIDENT, 0) \
	X(ACT_FIELDS, "f", "fields", "edit the incident's fields (impact, cause, fix...)", W_INCIDENT, ACTF_KEYLINE) \
	X(ACT_AUTHOR, "u", "as", "switch the acting author among the --as names", W_INCIDENT, 0) \
	X(ACT_THEME, "T", "theme", "switch to the next theme (a bad one keeps the current)", W_PICKER | W_INCIDENT, 0) \
	X(ACT_MOUSE, "M", "mouse", "mouse on/off (off lets tmux and the terminal select and copy; Shift-drag works too)", W_PICKER | W_INCIDENT, 0) \
	X(ACT_HELP, "?", "help", "show this help", W_PICKER | W_INCIDENT, ACTF_KEYLINE) \
	X(ACT_QUIT, "q C-c", "quit", "quit (back to the picker when opened from it)", W_PICKER | W_INCIDENT, ACTF_KEYLINE)

#endif
