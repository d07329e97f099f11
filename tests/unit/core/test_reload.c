/* Unit tests for core/reload.c (the SIGHUP hook list) and the log file's
 * reopen of core/log.c, which is its first hook. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"
#include "core/reload.h"
#include "unit.h"

static char calls[64];

static int hook_ok(void *arg, char *err, size_t errlen)
{
    (void)err;
    (void)errlen;
    strncat(calls, (const char *)arg, sizeof calls - strlen(calls) - 1);
    return 0;
}

static int hook_fails(void *arg, char *err, size_t errlen)
{
    strncat(calls, (const char *)arg, sizeof calls - strlen(calls) - 1);
    snprintf(err, errlen, "broken file");
    return -1;
}

static void test_reload_runs_every_hook_in_order(void)
{
    rod_reload_clear();
    calls[0] = '\0';
    UT_CHECK(rod_reload_register("a", hook_ok, "a") == 0, "register a");
    UT_CHECK(rod_reload_register("b", hook_fails, "b") == 0, "register b");
    UT_CHECK(rod_reload_register("c", hook_ok, "c") == 0, "register c");
    UT_CHECK(rod_reload_run() == 1, "one hook failed");
    UT_CHECK(strcmp(calls, "abc") == 0, "all three in order, also after a failure: %s", calls);
    UT_CHECK(rod_reload_run() == 1 && strcmp(calls, "abcabc") == 0, "each reload runs them again: %s", calls);
    rod_reload_clear();
    calls[0] = '\0';
    UT_CHECK(rod_reload_run() == 0 && calls[0] == '\0', "cleared: nothing runs");
}

static void test_reload_table_is_bounded(void)
{
    rod_reload_clear();
    int ok = 0;
    for (int i = 0; i < ROD_RELOAD_MAX + 3; i++)
        ok += rod_reload_register("x", hook_ok, "") == 0;
    UT_CHECK(ok == ROD_RELOAD_MAX, "%d hooks taken, the rest refused", ok);
    UT_CHECK(rod_reload_register("null", NULL, NULL) == -1, "no NULL hook");
    rod_reload_clear();
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    static char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void test_log_reopen_follows_a_rotation(void)
{
    char dir[] = "/tmp/rodgate-unit-log-XXXXXX";
    UT_CHECK(mkdtemp(dir) != NULL, "temporary directory");
    char path[128], rotated[128];
    snprintf(path, sizeof path, "%s/rodgate.log", dir);
    snprintf(rotated, sizeof rotated, "%s/rodgate.log.1", dir);
    char err[256] = "";

    UT_CHECK(rod_log_start(path) == 0, "open %s", path);
    rod_log_info("before rotation");
    UT_CHECK(rename(path, rotated) == 0, "rotate");
    rod_log_info("still the old file");
    UT_CHECK(rod_log_reopen(NULL, err, sizeof err) == 0, "reopen: %s", err);
    rod_log_info("after rotation");
    char *old = slurp(rotated);
    UT_CHECK(old && strstr(old, "before rotation") && strstr(old, "still the old file") &&
                 !strstr(old, "after rotation"),
             "the rotated file has the lines before the reopen only: %s", old ? old : "(none)");
    char *fresh = slurp(path);
    UT_CHECK(fresh && strstr(fresh, "after rotation") && !strstr(fresh, "before"),
             "the new file has the lines after it: %s", fresh ? fresh : "(none)");

    /* the directory gone: the reopen fails with a reason, the old file stays */
    unlink(path);
    unlink(rotated);
    rmdir(dir);
    err[0] = '\0';
    UT_CHECK(rod_log_reopen(NULL, err, sizeof err) == -1 && strstr(err, "cannot open log file"),
             "a failed reopen says why: %s", err);
    rod_log_stop();
    UT_CHECK(rod_log_reopen(NULL, err, sizeof err) == 0, "standard error: nothing to reopen");
}

void test_reload_register(void)
{
    static const ut_test tests[] = {
        {"every hook runs, in order, a failure does not stop the rest", test_reload_runs_every_hook_in_order},
        {"at most ROD_RELOAD_MAX hooks", test_reload_table_is_bounded},
        {"the log follows a rotation: old lines stay, new lines in the new file",
         test_log_reopen_follows_a_rotation},
    };
    ut_register_suite("reload", tests, sizeof tests / sizeof tests[0]);
}
