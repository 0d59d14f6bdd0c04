-- Which process runs a job execution, so that a rerun can tell a live run from one that was
-- killed (and recover it) without the user touching the database.
CREATE TABLE LLAMAFARM_JOB_OWNER (
	JOB_EXECUTION_ID BIGINT NOT NULL PRIMARY KEY,
	HOST VARCHAR(255) NOT NULL,
	PID BIGINT NOT NULL,
	PROCESS_START VARCHAR(64),
	HEARTBEAT TIMESTAMP NOT NULL
);
