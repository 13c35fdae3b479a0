package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/emend-project/emend/internal/config"
	"github.com/emend-project/emend/internal/journal"
	"github.com/emend-project/emend/internal/safefile"
	"github.com/emend-project/emend/internal/suggest"
)

// stateDir returns the state directory of the library of paths, which
// holds the journal of fix: the .emend directory of the nearest directory
// at or above the first path that has one or an emend.toml, up to the root
// of its git repository; else the one .emend of the first path's
// directory.
func stateDir(paths []string) string {
	root := suggest.Root(paths)
	dir, err := filepath.Abs(root)
	if err != nil {
		return filepath.Join(root, config.StateDir)
	}
	for {
		if fi, err := os.Stat(filepath.Join(dir, config.StateDir)); err == nil && fi.IsDir() {
			return filepath.Join(dir, config.StateDir)
		}
		if exists(filepath.Join(dir, config.FileName)) {
			return filepath.Join(dir, config.StateDir)
		}
		parent := filepath.Dir(dir)
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil || parent == dir {
			break
		}
		dir = parent
	}
	return filepath.Join(root, config.StateDir)
}

// recoverLibrary completes or undoes a fix interrupted in the library of
// paths, before anything else is written, and says which it did.
func recoverLibrary(env *Env, paths []string) (journal.Outcome, error) {
	dir := stateDir(paths)
	out, err := journal.Recover(dir)
	if err != nil {
		return out, err
	}
	if out.Undone || out.Completed {
		fmt.Fprintf(env.Stderr, "emend: %s: %s\n", dir, out)
	}
	// Temporaries of single-file writes (the index, rules) a kill left.
	for _, d := range []string{dir, filepath.Dir(dir)} {
		n, err := safefile.RemoveStale(d)
		if err != nil {
			return out, fmt.Errorf("remove emend's stale temporary files in %s: %w", d, err)
		}
		if n > 0 {
			fmt.Fprintf(env.Stderr, "emend: %s: removed %s a killed emend left\n", d, plural(n, "temporary file"))
		}
	}
	return out, nil
}
