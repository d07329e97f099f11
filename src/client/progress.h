/* Progress of aanleveren on stderr: a bar redrawn in place on a terminal,
 * one plain line per part otherwise (a log file, a pipe, cron). */
#ifndef ROD_CLIENT_PROGRESS_H
#define ROD_CLIENT_PROGRESS_H

#include <stddef.h>

typedef struct {
    int quiet, tty;
    size_t items, parts;
} rodctl_progress;

void rodctl_progress_start(rodctl_progress *p, int quiet, size_t items, size_t parts);
/* Part `part` (1-based) of n items is being sent; `sent` items went before it. */
void rodctl_progress_part(rodctl_progress *p, size_t part, size_t sent, size_t n);
/* Part `part` answered; `sent` items in all so far. */
void rodctl_progress_done(rodctl_progress *p, size_t part, size_t sent, size_t gelukt, size_t afgekeurd);
/* Before another line is printed on stderr: clears the bar's line (it is
 * drawn again at the next step). */
void rodctl_progress_clear(rodctl_progress *p);
void rodctl_progress_end(rodctl_progress *p);

#endif
