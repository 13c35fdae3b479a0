-- Users, sessions, decisions and rejected proposals.
-- Times are Unix milliseconds (BIGINT), names and texts TEXT: the same
-- types in SQLite and PostgreSQL. Ids are given by the store (never
-- AUTOINCREMENT or SERIAL), so the PostgreSQL migration of the same
-- version can be this file's text.
CREATE TABLE users (
	name       TEXT PRIMARY KEY,
	hash       TEXT NOT NULL,
	created_at BIGINT NOT NULL
);

CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_name  TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
	csrf       TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_name);

CREATE TABLE decisions (
	id         BIGINT PRIMARY KEY,
	user_name  TEXT NOT NULL,
	made_at    BIGINT NOT NULL,
	kind       TEXT NOT NULL,
	wrong      TEXT NOT NULL,
	right_text TEXT NOT NULL,
	scope      TEXT NOT NULL,
	episode    TEXT NOT NULL DEFAULT '',
	place      TEXT NOT NULL DEFAULT '',
	rules      TEXT NOT NULL DEFAULT '',
	applied_at BIGINT,
	result     TEXT NOT NULL DEFAULT '',
	error      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX decisions_pending ON decisions(applied_at);

CREATE TABLE rejected (
	rkey      TEXT PRIMARY KEY,
	user_name TEXT NOT NULL,
	made_at   BIGINT NOT NULL
);
