/*
 * stmt.c - the text of every fixed statement, per backend.
 *
 * Statements that write a whole row bind it by column position (see stmt.h),
 * so one binder serves the insert and the update; a ?N a statement does not
 * use is simply bound and ignored.
 */
#include "store/stmt.h"

#define RECORD_SELECT "SELECT " STMT_RECORD_COLUMNS " FROM records "
#define TICKET_SELECT "SELECT " STMT_TICKET_COLUMNS " FROM tickets "
#define TICKET_SELECT_FIRST "SELECT " STMT_TICKET_COLUMNS ", first_n, first_events FROM tickets "
#define KPI_KEY                                                                                                        \
	"month = ?1 AND series = ?2 AND customer_id = ?3 AND service_id = ?4 AND priority = ?5 "                       \
	"AND agreement_id = ?6 AND team_id = ?7"
#define KPI_SELECT                                                                                                     \
	"SELECT month, series, customer_id, service_id, priority, agreement_id, team_id, n, total, hist "              \
	"FROM kpi_rollup "

const struct stmt_text stmt_table[STMT_COUNT] = {
	[STMT_BEGIN] = { "begin", "BEGIN IMMEDIATE", NULL },
	[STMT_READ_BEGIN] = { "read_begin", "BEGIN", NULL },
	[STMT_COMMIT] = { "commit", "COMMIT", NULL },
	[STMT_ROLLBACK] = { "rollback", "ROLLBACK", NULL },
	[STMT_SAVEPOINT] = { "savepoint", "SAVEPOINT w", NULL },
	[STMT_RELEASE] = { "release", "RELEASE w", NULL },
	[STMT_ROLLBACK_TO] = { "rollback_to", "ROLLBACK TO w", NULL },
	/* Whether schema_version exists, and whether anything at all does. */
	[STMT_SCHEMA_HAS_TABLE] = { "schema_has_table",
	                            "SELECT (SELECT count(*) FROM sqlite_master WHERE type = 'table' "
	                            "AND name = 'schema_version'), (SELECT count(*) FROM sqlite_master)",
	                            NULL },
	[STMT_SCHEMA_VERSION] = { "schema_version", "SELECT COALESCE(MAX(version), 0) FROM schema_version", NULL },
	[STMT_SCHEMA_VERSION_ADD] = { "schema_version_add",
	                              "INSERT INTO schema_version (version, name, applied_at) VALUES (?1, ?2, ?3)",
	                              NULL },

	[STMT_RECORD_INSERT] = { "record_insert",
	                         "INSERT INTO records (" STMT_RECORD_COLUMNS ") "
	                         "VALUES (?1, ?2, ?3, ?4, 1, ?6, ?7, ?8, ?9)",
	                         NULL },
	[STMT_RECORD_UPDATE] = { "record_update",
	                         "UPDATE records SET key = ?3, org_id = ?4, updated_at = ?7, archived = ?8, doc = ?9, "
	                         "version = version + 1 WHERE kind = ?1 AND id = ?2 AND version = ?5",
	                         NULL },
	[STMT_RECORD_ARCHIVE] = { "record_archive",
	                          "UPDATE records SET archived = 1, updated_at = ?7, version = version + 1 "
	                          "WHERE kind = ?1 AND id = ?2 AND version = ?5",
	                          NULL },
	[STMT_RECORD_VERSION] = { "record_version", "SELECT version FROM records WHERE kind = ?1 AND id = ?2", NULL },
	[STMT_RECORD_GET] = { "record_get", RECORD_SELECT "WHERE kind = ?1 AND id = ?2", NULL },
	[STMT_RECORD_GET_BY_KEY] = { "record_get_by_key", RECORD_SELECT "WHERE kind = ?1 AND key = ?2 AND key <> ''",
	                             NULL },
	/* ?2 archived (-1 any), ?3 org, ?4/?5 key range, (?6, ?7) after, ?8 limit */
	[STMT_RECORD_LIST_BY_KEY] = { "record_list_by_key",
	                              RECORD_SELECT "WHERE kind = ?1 AND (?2 < 0 OR archived = ?2) "
	                                            "AND (?3 IS NULL OR org_id = ?3) AND key >= ?4 "
	                                            "AND (?5 IS NULL OR key < ?5) AND (key, id) > (?6, ?7) "
	                                            "ORDER BY key, id LIMIT ?8",
	                              NULL },
	[STMT_RECORD_LIST_BY_CREATED] = { "record_list_by_created",
	                                  RECORD_SELECT "WHERE kind = ?1 AND (?2 < 0 OR archived = ?2) "
	                                                "AND (?3 IS NULL OR org_id = ?3) AND key >= ?4 "
	                                                "AND (?5 IS NULL OR key < ?5) AND (created_at, id) > (?6, ?7) "
	                                                "ORDER BY created_at, id LIMIT ?8",
	                                  NULL },

	[STMT_TICKET_INSERT] = { "ticket_insert",
	                         "INSERT INTO tickets (" STMT_TICKET_COLUMNS
	                         ", change_seq, first_n, first_events) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
	                         "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
	                         NULL },
	/* ?15 is the number of events appended; RETURNING gives the new last_seq. */
	[STMT_TICKET_UPDATE] = { "ticket_update",
	                         "UPDATE tickets SET ref = ?2, type = ?3, customer_id = ?4, service_id = ?5, "
	                         "requester_id = ?6, team_id = ?7, agent_id = ?8, priority = ?9, status = ?10, "
	                         "updated_at = ?12, resolved_at = ?13, open = ?16, next_due_at = ?17, "
	                         "sla_state = ?18, doc = ?19, next_sla_event_at = ?20, version = version + 1, "
	                         "change_seq = ?21, "
	                         "last_seq = last_seq + ?15 "
	                         "WHERE id = ?1 AND version = ?14 RETURNING last_seq",
	                         NULL },
	/* Each write to a ticket gives it the next change number (the KPI job follows them): ?21 above. */
	[STMT_TICKET_LAST_CHANGE] = { "ticket_last_change", "SELECT COALESCE(MAX(change_seq), 0) FROM tickets", NULL },
	[STMT_TICKET_VERSION] = { "ticket_version", "SELECT version FROM tickets WHERE id = ?1", NULL },
	/* With the events of the creating write (after the row's columns; see stmt.h). */
	[STMT_TICKET_GET] = { "ticket_get", TICKET_SELECT_FIRST "WHERE id = ?1", NULL },
	[STMT_TICKET_GET_BY_REF] = { "ticket_get_by_ref", TICKET_SELECT_FIRST "WHERE ref = ?1", NULL },
	[STMT_TICKET_REF_EXISTS] = { "ticket_ref_exists", "SELECT 1 FROM tickets WHERE ref = ?1", NULL },
	/* Only the id's index is read, not the row (as "SELECT version" must). */
	[STMT_TICKET_ID_EXISTS] = { "ticket_id_exists", "SELECT 1 FROM tickets WHERE id = ?1", NULL },
	[STMT_TICKET_OPEN_COUNTS] = { "ticket_open_counts",
	                              "SELECT sla_state, count(*) FROM tickets WHERE open = 1 GROUP BY sla_state "
	                              "ORDER BY sla_state",
	                              NULL },
	[STMT_TICKET_SLA_DUE] = { "ticket_sla_due",
	                          TICKET_SELECT "WHERE open = 1 AND next_sla_event_at IS NOT NULL "
	                                        "AND next_sla_event_at <= ?1 ORDER BY next_sla_event_at, id LIMIT ?2",
	                          NULL },
	[STMT_EVENT_INSERT] = { "event_insert",
	                        "INSERT INTO ticket_log (ticket_id, first_seq, n, events) VALUES (?1, ?2, ?3, ?4)",
	                        NULL },
	[STMT_EVENT_LIST] = { "event_list",
	                      "SELECT first_seq, n, events FROM ticket_log WHERE ticket_id = ?1 ORDER BY first_seq",
	                      NULL },

	[STMT_AUDIT_INSERT] = { "audit_insert",
	                        "INSERT INTO audit (at, actor_id, action, kind, record_id, doc) "
	                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	                        NULL },
	[STMT_AUDIT_LIST] = { "audit_list",
	                      "SELECT seq, at, actor_id, action, kind, record_id, doc FROM audit WHERE seq > ?1 "
	                      "ORDER BY seq LIMIT ?2",
	                      NULL },
	[STMT_AUDIT_LIST_RECORD] = { "audit_list_record",
	                             "SELECT seq, at, actor_id, action, kind, record_id, doc FROM audit "
	                             "WHERE kind = ?1 AND record_id = ?2 AND seq > ?3 ORDER BY seq LIMIT ?4",
	                             NULL },

	[STMT_IDEM_INSERT] = { "idempotency_insert",
	                       "INSERT INTO idempotency (actor_id, key, method_path, status, response, created_at) "
	                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	                       NULL },
	[STMT_IDEM_GET] = { "idempotency_get",
	                    "SELECT actor_id, key, method_path, status, response, created_at FROM idempotency "
	                    "WHERE actor_id = ?1 AND key = ?2",
	                    NULL },
	[STMT_IDEM_PURGE] = { "idempotency_purge", "DELETE FROM idempotency WHERE created_at < ?1", NULL },

	/* ?1 name, ?2 owner, ?3 now, ?4 lease_until or value */
	[STMT_JOB_CLAIM] = { "job_claim",
	                     "INSERT INTO job_state (name, value, lease_owner, lease_until) VALUES (?1, NULL, ?2, ?4) "
	                     "ON CONFLICT (name) DO UPDATE SET lease_owner = excluded.lease_owner, "
	                     "lease_until = excluded.lease_until WHERE job_state.lease_owner IS NULL "
	                     "OR job_state.lease_owner = excluded.lease_owner OR job_state.lease_until <= ?3",
	                     NULL },
	[STMT_JOB_RELEASE] = { "job_release",
	                       "UPDATE job_state SET lease_owner = NULL, lease_until = NULL "
	                       "WHERE name = ?1 AND lease_owner = ?2",
	                       NULL },
	[STMT_JOB_SET] = { "job_set",
	                   "UPDATE job_state SET value = ?4 WHERE name = ?1 AND lease_owner = ?2 AND lease_until > ?3",
	                   NULL },
	[STMT_JOB_GET] = { "job_get", "SELECT name, value, lease_owner, lease_until FROM job_state WHERE name = ?1",
	                   NULL },

	/* ?1 month, ?2 series, ?3 customer, ?4 service, ?5 priority, ?6 agreement, ?7 team, ?8 n, ?9 total, ?10 hist */
	[STMT_KPI_GET] = { "kpi_get", "SELECT n, total, hist FROM kpi_rollup WHERE " KPI_KEY, NULL },
	[STMT_KPI_PUT] = { "kpi_put",
	                   "INSERT INTO kpi_rollup (month, series, customer_id, service_id, priority, agreement_id, "
	                   "team_id, n, total, hist) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
	                   "ON CONFLICT (series, month, customer_id, service_id, priority, agreement_id, team_id) "
	                   "DO UPDATE SET n = excluded.n, total = excluded.total, hist = excluded.hist",
	                   NULL },
	[STMT_KPI_DELETE] = { "kpi_delete", "DELETE FROM kpi_rollup WHERE " KPI_KEY, NULL },
	/* ?1..?2 months, ?3 service or NULL, ?4 series; ?5 customer */
	[STMT_KPI_READ] = { "kpi_read",
	                    KPI_SELECT
	                    "WHERE series = ?4 AND month BETWEEN ?1 AND ?2 AND (?3 IS NULL OR service_id = ?3)",
	                    NULL },
	[STMT_KPI_READ_CUSTOMER] = { "kpi_read_customer",
	                             KPI_SELECT "WHERE customer_id = ?5 AND series = ?4 AND month BETWEEN ?1 AND ?2 "
	                                        "AND (?3 IS NULL OR service_id = ?3)",
	                             NULL },
	[STMT_TICKET_KPI_GET] = { "ticket_kpi_get", "SELECT facts, clock FROM ticket_kpi WHERE ticket_id = ?1", NULL },
	[STMT_TICKET_KPI_PUT] = { "ticket_kpi_put",
	                          "INSERT INTO ticket_kpi (ticket_id, facts, customer_id, service_id, created_at, "
	                          "clock) "
	                          "VALUES (?1, ?2, COALESCE(?3, ''), ?4, ?5, ?6) ON CONFLICT (ticket_id) DO UPDATE SET "
	                          "facts = excluded.facts, customer_id = excluded.customer_id, "
	                          "service_id = excluded.service_id, created_at = excluded.created_at, "
	                          "clock = excluded.clock",
	                          NULL },
	[STMT_TICKET_KPI_SCAN] = { "ticket_kpi_scan",
	                           "SELECT ticket_id, service_id, created_at, clock, facts FROM ticket_kpi "
	                           "WHERE customer_id = ?1 AND created_at >= ?2 AND created_at < ?3 "
	                           "ORDER BY created_at, ticket_id",
	                           NULL },
	[STMT_TICKET_KPI_SCAN_DESC] = { "ticket_kpi_scan_desc",
	                                "SELECT ticket_id, service_id, created_at, clock, facts FROM ticket_kpi "
	                                "WHERE customer_id = ?1 AND created_at >= ?2 AND created_at < ?3 "
	                                "ORDER BY created_at DESC, ticket_id DESC",
	                                NULL },
	[STMT_OUTAGE_PUT] = { "outage_put",
	                      "INSERT INTO outages (ticket_id, service_id, start, end_at) VALUES (?1, ?2, ?3, ?4) "
	                      "ON CONFLICT (ticket_id) DO UPDATE SET service_id = excluded.service_id, "
	                      "start = excluded.start, end_at = excluded.end_at",
	                      NULL },
	[STMT_OUTAGE_DELETE] = { "outage_delete", "DELETE FROM outages WHERE ticket_id = ?1", NULL },
	/* ?1 service, [?2, ?3) the period */
	[STMT_OUTAGE_LIST] = { "outage_list",
	                       "SELECT start, end_at FROM outages WHERE service_id = ?1 AND start < ?3 "
	                       "AND (end_at IS NULL OR end_at > ?2) ORDER BY start",
	                       NULL },
	[STMT_TICKET_CHANGES] = { "ticket_changes",
	                          "SELECT id, change_seq FROM tickets WHERE (change_seq, id) > (?1, ?2) "
	                          "ORDER BY change_seq, id LIMIT ?3",
	                          NULL },
};
