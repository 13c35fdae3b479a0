// Package safefile writes files atomically: the new content goes to a
// temporary file in the same directory, is synced, and is renamed over the
// old file, so a reader (or a crash) sees the old file or the new one, never
// a mix. An existing file keeps its permissions, and its owner and group
// (which only root may give away: for others, a file of another owner is
// an error, not a file that changes hands).
package safefile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// WriteFile writes data to path atomically. A new file gets perm. A
// symbolic link stays a link: the file it points to is replaced. A path
// that is no regular file (a device such as /dev/null or /dev/stdout, a
// named pipe) is written to directly, as renaming over it would replace
// the device with a file.
func WriteFile(path string, data []byte, perm os.FileMode) error {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		if fi.IsDir() {
			return fmt.Errorf("write %s: is a directory", path)
		}
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		_, err = f.Write(data)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		return nil
	}
	tmp, err := writeTemp(path, data, perm)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return SyncDir(filepath.Dir(path))
}

// TempPattern is the pattern of the temporary files' names: short, so that
// a file of a 250-byte name gets one too. (config.StateDir's .gitignore
// lists it.)
const TempPattern = ".emend-*.tmp"

// SyncDir fsyncs a directory, so that a rename in it survives a power
// loss.
func SyncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// WriteTemp writes data to a new temporary file beside path, synced and
// with path's permissions (0644 for a new file), and returns its name, for
// the caller to rename over path: so that several files can be replaced
// only once all their new contents are safely written.
func WriteTemp(path string, data []byte) (string, error) {
	return writeTemp(path, data, 0o644)
}

func writeTemp(path string, data []byte, perm os.FileMode) (name string, err error) {
	uid, gid := -1, -1
	if fi, err := os.Stat(path); err == nil {
		perm = fi.Mode().Perm()
		if st, ok := fi.Sys().(*syscall.Stat_t); ok && (int(st.Uid) != os.Geteuid() || int(st.Gid) != os.Getegid()) {
			uid, gid = int(st.Uid), int(st.Gid)
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), TempPattern)
	if err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	if uid >= 0 {
		if err = tmp.Chown(uid, gid); err != nil {
			return "", fmt.Errorf("write %s: keep its owner and group: %w", path, err)
		}
	}
	if err = tmp.Chmod(perm); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Sync(); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	return tmp.Name(), nil
}

// StaleAge is how old a temporary must be for RemoveStale to take it for
// one a killed emend left: older than any write takes, so that a write
// under way in another emend is not disturbed.
const StaleAge = time.Hour

// RemoveStale removes from dir the temporaries (TempPattern) older than
// StaleAge, which only a killed emend leaves, and returns how many it
// removed.
func RemoveStale(dir string) (int, error) {
	names, err := filepath.Glob(filepath.Join(dir, TempPattern))
	if err != nil {
		return 0, err
	}
	n := 0
	var errs []error
	for _, name := range names {
		fi, err := os.Lstat(name)
		if err != nil || !fi.Mode().IsRegular() || time.Since(fi.ModTime()) < StaleAge {
			continue
		}
		if err := os.Remove(name); err != nil {
			errs = append(errs, err)
			continue
		}
		n++
	}
	return n, errors.Join(errs...)
}
