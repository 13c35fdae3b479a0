-- Several servers, one truth. A decision keeps what any server needs to
-- plan it again (the group, the place, the preview's digest); target is
-- what it settles, unique, so that of two editors deciding the same group
-- at once one wins (a failed decision sets it NULL, freeing it); attempts
-- counts the tries to apply it. leases holds the lease a server takes to
-- write a library's files: one writer at a time, and a killed server's
-- lease lapses at until_ms.
ALTER TABLE decisions ADD COLUMN group_id TEXT NOT NULL DEFAULT '';
ALTER TABLE decisions ADD COLUMN place_id TEXT NOT NULL DEFAULT '';
ALTER TABLE decisions ADD COLUMN digest TEXT NOT NULL DEFAULT '';
ALTER TABLE decisions ADD COLUMN target TEXT;
ALTER TABLE decisions ADD COLUMN attempts BIGINT NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX decisions_target ON decisions(target);

CREATE TABLE leases (
	name     TEXT PRIMARY KEY,
	holder   TEXT NOT NULL,
	until_ms BIGINT NOT NULL
);
