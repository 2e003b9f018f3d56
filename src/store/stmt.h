/*
 * stmt.h - the store's one table of SQL statements: an id per statement
 * and its text for each backend (PostgreSQL's column is filled in with its
 * backend; until then it is NULL).
 *
 * Values are always bound (?1.. in SQLite, $1.. in PostgreSQL), never
 * spliced.  Ticket lists, whose filters vary, are composed in query.c.
 */
#ifndef LEVERA_STORE_STMT_H
#define LEVERA_STORE_STMT_H

enum stmt_id {
	STMT_BEGIN,      /* a write transaction */
	STMT_READ_BEGIN, /* a read snapshot */
	STMT_COMMIT,
	STMT_ROLLBACK,
	STMT_SAVEPOINT,
	STMT_RELEASE,
	STMT_ROLLBACK_TO,
	STMT_SCHEMA_HAS_TABLE,
	STMT_SCHEMA_VERSION,
	STMT_SCHEMA_VERSION_ADD,
	STMT_RECORD_INSERT,
	STMT_RECORD_UPDATE,
	STMT_RECORD_ARCHIVE,
	STMT_RECORD_VERSION,
	STMT_RECORD_GET,
	STMT_RECORD_GET_BY_KEY,
	STMT_RECORD_LIST_BY_KEY,
	STMT_RECORD_LIST_BY_CREATED,
	STMT_TICKET_INSERT,
	STMT_TICKET_UPDATE,
	STMT_TICKET_LAST_CHANGE,
	STMT_TICKET_VERSION,
	STMT_TICKET_GET,
	STMT_TICKET_GET_BY_REF,
	STMT_TICKET_REF_EXISTS,
	STMT_TICKET_ID_EXISTS,
	STMT_TICKET_SLA_DUE,
	STMT_TICKET_OPEN_COUNTS,
	STMT_EVENT_INSERT,
	STMT_EVENT_LIST,
	STMT_AUDIT_INSERT,
	STMT_AUDIT_LIST,
	STMT_AUDIT_LIST_RECORD,
	STMT_IDEM_INSERT,
	STMT_IDEM_GET,
	STMT_IDEM_PURGE,
	STMT_JOB_CLAIM,
	STMT_JOB_RELEASE,
	STMT_JOB_SET,
	STMT_JOB_GET,
	STMT_KPI_GET,
	STMT_KPI_PUT,
	STMT_KPI_DELETE,
	STMT_KPI_READ,
	STMT_KPI_READ_CUSTOMER,
	STMT_TICKET_KPI_GET,
	STMT_TICKET_KPI_PUT,
	STMT_TICKET_KPI_SCAN,
	STMT_TICKET_KPI_SCAN_DESC,
	STMT_OUTAGE_PUT,
	STMT_OUTAGE_DELETE,
	STMT_OUTAGE_LIST,
	STMT_TICKET_CHANGES,
	STMT_COUNT
};

struct stmt_text {
	const char *name;   /* for messages: "record_insert" */
	const char *sqlite; /* never NULL (a unit test checks) */
	const char *pg;     /* NULL until the PostgreSQL backend exists */
};

extern const struct stmt_text stmt_table[STMT_COUNT];

/*
 * The columns of a record and of a ticket, in the order every statement
 * that reads or writes a whole row uses (the ?N of each is its index + 1).
 */
#define STMT_RECORD_COLUMNS "kind, id, key, org_id, version, created_at, updated_at, archived, doc"
#define STMT_TICKET_COLUMNS                                                                                            \
	"id, ref, type, customer_id, service_id, requester_id, team_id, agent_id, priority, status, created_at, "      \
	"updated_at, resolved_at, version, last_seq, open, next_due_at, sla_state, doc, next_sla_event_at"

enum record_col { RC_KIND, RC_ID, RC_KEY, RC_ORG_ID, RC_VERSION, RC_CREATED_AT, RC_UPDATED_AT, RC_ARCHIVED, RC_DOC };

enum ticket_col {
	TC_ID,
	TC_REF,
	TC_TYPE,
	TC_CUSTOMER_ID,
	TC_SERVICE_ID,
	TC_REQUESTER_ID,
	TC_TEAM_ID,
	TC_AGENT_ID,
	TC_PRIORITY,
	TC_STATUS,
	TC_CREATED_AT,
	TC_UPDATED_AT,
	TC_RESOLVED_AT,
	TC_VERSION,
	TC_LAST_SEQ,
	TC_OPEN,
	TC_NEXT_DUE_AT,
	TC_SLA_STATE,
	TC_DOC,
	TC_NEXT_SLA_EVENT_AT,
	TC_COUNT
};

/*
 * Past a ticket's row: the insert's change number and the events of the
 * creating write (?21 .. ?23), and the two columns the gets add for them.
 */
enum ticket_insert_extra { TI_CHANGE_SEQ = TC_COUNT, TI_FIRST_N, TI_FIRST_EVENTS };
enum ticket_get_extra { TG_FIRST_N = TC_COUNT, TG_FIRST_EVENTS };

#endif
