-- Which process runs a job execution, so that a rerun can tell a live run from one that was
-- killed (and recover it) without the user touching the database. The heartbeat is the
-- database's clock in epoch seconds: hosts in other time zones, or with skewed clocks, agree.
CREATE TABLE LLAMAFARM_JOB_OWNER (
	JOB_EXECUTION_ID BIGINT NOT NULL PRIMARY KEY,
	HOST VARCHAR(255) NOT NULL,
	PID BIGINT NOT NULL,
	PROCESS_START VARCHAR(64),
	HEARTBEAT_EPOCH NUMERIC(20, 3) NOT NULL
);
