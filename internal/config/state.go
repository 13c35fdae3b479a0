package config

import (
	"os"
	"path/filepath"

	"github.com/emend-project/emend/internal/safefile"
)

// StateDir is the directory, at a library's root (beside emend.toml), in
// which emend keeps what it builds for the library: the search index, the
// language model and names suggest learns, and the proposals a review
// rejected.
const StateDir = ".emend"

// stateIgnore keeps a StateDir's caches out of git. The rejected proposals
// are not a cache but decisions, which a team may share.
const stateIgnore = `# Written by emend: its caches are rebuilt when missing, so git leaves them out.
# "rejected" holds the proposals emend suggest --review turned down: commit it to share it.
*
!rejected
# Temporary files emend writes beside the files it replaces, should a crash leave them.
.emend-*.tmp
.emend-txn-*
`

// MakeDir creates dir and its parents, as os.MkdirAll does. A StateDir it
// creates gets a .gitignore, so that a producer who commits everything in
// a transcripts repository does not commit megabytes of caches with it.
func MakeDir(dir string) error {
	_, err := os.Stat(dir)
	created := os.IsNotExist(err)
	if err := os.MkdirAll(dir, 0o755); err != nil || !created || filepath.Base(dir) != StateDir {
		return err
	}
	return safefile.WriteFile(filepath.Join(dir, ".gitignore"), []byte(stateIgnore), 0o644)
}
