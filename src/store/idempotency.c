/* The verwerkt_bericht table. */
#include "store/idempotency.h"

#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "store/db_mysql.h"
#include "store/stored_response.h"

/* a guard against a damaged header, far above any answer the limits allow
 * (a batch at max_body answers with a few times less than its request) */
#define STORED_RESPONSE_MAX ((size_t)256 << 20)

/* Procedures of sql/schema-procedures.sql: each runs its statements in one
 * round trip (START TRANSACTION + the claim; the stored response + the
 * audit row + the bericht_metadata row + COMMIT). */
static const char SQL_BEGIN[] = "CALL rod_bericht_begin(?, ?, ?, ?)";
#define FINISH_PARAMS "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
static const char SQL_FINISH[] = "CALL rod_bericht_einde(" FINISH_PARAMS ")";
/* with the 21 parameters of rod_melding_nieuw, or the 9 of rod_melding_versie */
static const char SQL_FINISH_NIEUW[] = "CALL rod_bericht_einde_nieuw(" FINISH_PARAMS
                                       ", ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_FINISH_VERSIE[] =
    "CALL rod_bericht_einde_versie(" FINISH_PARAMS ", ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_FETCH[] = "SELECT body_sha256, content_type, response FROM verwerkt_bericht WHERE "
                                "organisatie_id = ? AND message_id = ?";

rod_dbrc rod_idem_begin(rod_db *db, long long org_id, const char *message_id, const unsigned char sha[32],
                        const char *operation)
{
    rod_params p;
    rod_params_init(&p);
    rod_param_int(&p, org_id);
    rod_param_str(&p, message_id);
    rod_param_bin(&p, sha, 32);
    rod_param_str(&p, operation);
    return rod_db_exec(db, SQL_BEGIN, &p, NULL);
}

/* A stored response kept deflated (store/stored_response.h) replaced by
 * the answer it holds; false (and *response NULL) when it cannot be, so
 * that the replay is an error, never other bytes than the first answer. */
static bool inflate_stored(const char *message_id, char **response, size_t *len)
{
    if (!rod_stored_is_packed(*response, *len))
        return true;
    char *plain = NULL;
    size_t plain_len = 0;
    bool ok = rod_stored_unpack(*response, *len, STORED_RESPONSE_MAX, &plain, &plain_len);
    free(*response);
    *response = plain;
    *len = plain_len;
    if (!ok)
        rod_log_info("idempotency: the stored response of request %s cannot be inflated (damaged, or out of "
                     "memory)",
                     message_id);
    return ok;
}

rod_status rod_idem_fetch(rod_db *db, long long org_id, const char *message_id, unsigned char sha[32],
                          char **response, size_t *len, char content_type[101], bool *found)
{
    /* The response can be megabytes: bind it with its real length instead
     * of the fixed-size text row. */
    rod_params p;
    rod_params_init(&p);
    rod_param_int(&p, org_id);
    rod_param_str(&p, message_id);
    *found = false;
    *response = NULL;
    *len = 0;
    MYSQL_STMT *st = rod_db_run(db, SQL_FETCH, &p);
    if (!st)
        return rod_db_status(db);
    MYSQL_BIND out[3];
    unsigned long lens[3] = {0};
    my_bool nulls[3] = {0};
    memset(out, 0, sizeof out);
    out[0].buffer_type = MYSQL_TYPE_BLOB;
    out[0].buffer = sha;
    out[0].buffer_length = 32;
    out[0].length = &lens[0];
    out[1].buffer_type = MYSQL_TYPE_STRING;
    out[1].buffer = content_type;
    out[1].buffer_length = 100;
    out[1].length = &lens[1];
    out[1].is_null = &nulls[1];
    out[2].buffer_type = MYSQL_TYPE_BLOB;
    out[2].buffer = NULL;
    out[2].buffer_length = 0;
    out[2].length = &lens[2];
    out[2].is_null = &nulls[2];
    if (mysql_stmt_bind_result(st, out) != 0 || mysql_stmt_store_result(st) != 0) {
        rod_db_failed(db, st);
        mysql_stmt_free_result(st);
        return rod_db_status(db);
    }
    int r = mysql_stmt_fetch(st);
    rod_status status = ROD_OK;
    if (r == 0 || r == MYSQL_DATA_TRUNCATED) {
        content_type[lens[1] < 100 ? lens[1] : 100] = '\0';
        if (!nulls[2]) {
            *response = malloc(lens[2] + 1);
            out[2].buffer = *response;
            out[2].buffer_length = lens[2];
            if (!*response || mysql_stmt_fetch_column(st, &out[2], 2, 0) != 0) {
                free(*response);
                *response = NULL;
                status = ROD_INTERNAL;
            } else {
                (*response)[lens[2]] = '\0';
                *len = lens[2];
                *found = true;
            }
            if (*found && !inflate_stored(message_id, response, len)) {
                *found = false;
                status = ROD_INTERNAL;
            }
        }
    } else if (r == 1) {
        rod_db_failed(db, st);
        status = rod_db_status(db);
    }
    mysql_stmt_free_result(st);
    return status;
}

rod_status rod_idem_finish(rod_db *db, long long org_id, const char *message_id, const char *content_type,
                           const char *response, size_t len, const rod_audit_entry *audit,
                           const rod_bericht_meta *bericht, const rod_vz_deferred *melding)
{
    char stamp[24];
    rod_audit_time(audit, stamp);
    /* a large answer (a batch's) is stored deflated; a replay inflates it */
    char *packed = NULL;
    size_t packed_len = 0;
    bool is_packed = rod_stored_pack(response, len, &packed, &packed_len);
    rod_params p;
    rod_params_init(&p);
    rod_param_bin(&p, is_packed ? packed : response, is_packed ? packed_len : len);
    rod_param_str(&p, content_type);
    rod_param_int(&p, org_id);
    rod_param_str(&p, message_id);
    rod_param_str(&p, stamp);
    rod_param_str(&p, audit->oin);
    rod_param_str(&p, audit->operatie);
    rod_param_str(&p, audit->message_id);
    rod_param_str(&p, audit->resultaat);
    rod_param_double(&p, audit->duur_ms);
    rod_param_str(&p, bericht->resultaat);
    if (bericht->batch) {
        rod_param_int(&p, bericht->verwerkt);
        rod_param_int(&p, bericht->gelukt);
        rod_param_int(&p, bericht->afgekeurd);
    } else {
        rod_param_null(&p);
        rod_param_null(&p);
        rod_param_null(&p);
    }
    if (bericht->meldingnummer)
        rod_param_int(&p, bericht->meldingnummer);
    else
        rod_param_null(&p);
    rod_vz_defer_kind kind = melding ? melding->kind : ROD_VZ_DEFER_NONE;
    if (kind != ROD_VZ_DEFER_NONE)
        rod_vz_deferred_params(melding, &p);
    const char *sql = kind == ROD_VZ_DEFER_NIEUW    ? SQL_FINISH_NIEUW
                      : kind == ROD_VZ_DEFER_VERSIE ? SQL_FINISH_VERSIE
                                                    : SQL_FINISH;
    rod_status st = rod_db_exec(db, sql, &p, NULL) == ROD_DB_OK ? ROD_OK : rod_db_status(db);
    free(packed);
    return st;
}
