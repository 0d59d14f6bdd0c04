-- Every model answer, keyed by a hash of the provider, model, parameters and prompt, committed as
-- soon as it arrives: a restarted job never pays for the same call twice.
CREATE TABLE LLAMAFARM_LLM_CACHE (
	CACHE_KEY VARCHAR(64) NOT NULL PRIMARY KEY,
	MODEL VARCHAR(200) NOT NULL,
	REPLY TEXT NOT NULL,
	PROMPT_TOKENS INTEGER NOT NULL,
	COMPLETION_TOKENS INTEGER NOT NULL,
	FINISH_REASON VARCHAR(32) NOT NULL,
	CREATED_AT TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
);
