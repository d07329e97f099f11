/* The progress bar or progress lines of aanleveren. */
#include "client/progress.h"

#include <stdio.h>
#include <unistd.h>

#define WIDTH 30

void rodctl_progress_start(rodctl_progress *p, int quiet, size_t items, size_t parts)
{
    p->quiet = quiet || parts == 0;
    p->tty = isatty(STDERR_FILENO);
    p->items = items;
    p->parts = parts;
}

static void bar(const rodctl_progress *p, size_t part, size_t sent, const char *what)
{
    size_t fill = p->items ? sent * WIDTH / p->items : WIDTH;
    char b[WIDTH + 1];
    for (size_t i = 0; i < WIDTH; i++)
        b[i] = i < fill ? '#' : '-';
    b[WIDTH] = '\0';
    fprintf(stderr, "\r[%s] %3zu%%  deel %zu/%zu  %zu/%zu items  %-10s", b,
            p->items ? sent * 100 / p->items : 100, part, p->parts, sent, p->items, what);
    fflush(stderr);
}

void rodctl_progress_part(rodctl_progress *p, size_t part, size_t sent, size_t n)
{
    if (p->quiet)
        return;
    if (p->tty)
        bar(p, part, sent, "verzenden");
    else
        fprintf(stderr, "deel %zu/%zu: %zu items verzenden\n", part, p->parts, n);
}

void rodctl_progress_done(rodctl_progress *p, size_t part, size_t sent, size_t gelukt, size_t afgekeurd)
{
    if (p->quiet)
        return;
    if (p->tty)
        bar(p, part, sent, "ontvangen");
    else
        fprintf(stderr, "deel %zu/%zu: beantwoord; tot nu toe %zu gelukt, %zu afgekeurd door het register\n",
                part, p->parts, gelukt, afgekeurd);
}

void rodctl_progress_clear(rodctl_progress *p)
{
    if (!p->quiet && p->tty)
        fputs("\r\033[K", stderr);
}

void rodctl_progress_end(rodctl_progress *p)
{
    if (!p->quiet && p->tty)
        fputc('\n', stderr);
}
