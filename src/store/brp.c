/* The current basisregistraties table, swapped without a lock on the
 * request path.
 *
 * A reader announces itself in `entering`, loads `current` and takes a
 * reference on the holder it found, then leaves `entering`. The reloader
 * exchanges `current` and waits until `entering` has been zero once: every
 * reader that loaded the old holder did so after its announcement and took
 * its reference before leaving, so from then on the old holder's count is
 * exact, and dropping the reference `current` held frees it when the last
 * reader lets go. Readers pay four atomic operations and never wait. */
#include "store/brp.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"

typedef struct {
    rod_brp_table *table;
    atomic_long refs;
} holder;

static _Atomic(holder *) current;
static atomic_long entering;

static pthread_mutex_t reload_lock = PTHREAD_MUTEX_INITIALIZER; /* reloads only, never a reader */
static char brp_file[512], sk_file[512];
static rod_brp_changed_fn changed_fn;
static void *changed_arg;

static holder *acquire(void)
{
    atomic_fetch_add(&entering, 1);
    holder *h = atomic_load(&current);
    if (h)
        atomic_fetch_add(&h->refs, 1);
    atomic_fetch_sub(&entering, 1);
    return h;
}

static void release(holder *h)
{
    if (h && atomic_fetch_sub(&h->refs, 1) == 1) {
        rod_brp_table_free(h->table);
        free(h);
    }
}

/* Makes h current; returns the old holder with the reference `current`
 * held on it, which the caller drops. */
static holder *swap_in(holder *h)
{
    holder *old = atomic_exchange(&current, h);
    while (atomic_load(&entering) != 0)
        sched_yield();
    return old;
}

void rod_brp_configure(const char *brp_path, const char *sk_path)
{
    snprintf(brp_file, sizeof brp_file, "%s", brp_path);
    snprintf(sk_file, sizeof sk_file, "%s", sk_path);
}

void rod_brp_on_change(rod_brp_changed_fn fn, void *arg)
{
    changed_fn = fn;
    changed_arg = arg;
}

typedef struct {
    char (*bsns)[10];
    size_t n, cap;
} bsn_list;

static bool collect(const char *bsn, void *arg)
{
    bsn_list *l = arg;
    if (l->n == l->cap) {
        size_t ncap = l->cap ? l->cap * 2 : 64;
        void *p = realloc(l->bsns, ncap * sizeof *l->bsns);
        if (!p)
            return false;
        l->bsns = p;
        l->cap = ncap;
    }
    memcpy(l->bsns[l->n++], bsn, 10);
    return true;
}

/* Tells the change hook which bsns have another address now. The first load
 * has nothing to compare with (docs/interface.md, "Basisregistraties"). */
static void report_changes(const holder *old, const holder *h)
{
    if (!changed_fn || !old)
        return;
    bsn_list l = {NULL, 0, 0};
    const char **ptrs = NULL;
    if (!rod_brp_table_diff(old->table, h->table, collect, &l))
        rod_log_info("brp: out of memory listing the changed addresses");
    else if (l.n > 0 && (ptrs = malloc(l.n * sizeof *ptrs)) != NULL) {
        for (size_t i = 0; i < l.n; i++)
            ptrs[i] = l.bsns[i];
        if (!changed_fn(ptrs, l.n, changed_arg))
            rod_log_info("brp: laatstGewijzigd of %zu changed BRP addresses not moved", l.n);
    }
    free(ptrs);
    free(l.bsns);
}

int rod_brp_reload(char *err, size_t errlen)
{
    pthread_mutex_lock(&reload_lock);
    rod_brp_table *t = rod_brp_table_load(brp_file, sk_file, err, errlen);
    holder *h = t ? malloc(sizeof *h) : NULL;
    if (!h) {
        if (t)
            snprintf(err, errlen, "out of memory");
        rod_brp_table_free(t);
        pthread_mutex_unlock(&reload_lock);
        return -1;
    }
    h->table = t;
    atomic_init(&h->refs, 1); /* the reference of `current` */
    holder *old = swap_in(h);
    report_changes(old, h);
    release(old);
    pthread_mutex_unlock(&reload_lock);
    return 0;
}

void rod_brp_free(void)
{
    pthread_mutex_lock(&reload_lock);
    release(swap_in(NULL));
    pthread_mutex_unlock(&reload_lock);
}

void rod_brp_counts(size_t *adressen, size_t *startkwalificaties)
{
    holder *h = acquire();
    *adressen = h ? rod_brp_table_adressen(h->table) : 0;
    *startkwalificaties = h ? rod_brp_table_startkwalificaties(h->table) : 0;
    release(h);
}

bool rod_brp_adres_of(const char *bsn, rod_brp_adres *out)
{
    holder *h = acquire();
    const rod_brp_adres *a = h ? rod_brp_table_adres(h->table, bsn) : NULL;
    if (a)
        *out = *a;
    release(h);
    return a != NULL;
}

bool rod_brp_startkwalificatie_of(const char *pgn, char datum[11])
{
    holder *h = acquire();
    const char *d = h ? rod_brp_table_startkwalificatie(h->table, pgn) : NULL;
    snprintf(datum, 11, "%s", d ? d : "");
    release(h);
    return d != NULL;
}
