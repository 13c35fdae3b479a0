// Package safefile writes files atomically: the new content goes to a
// temporary file in the same directory, is synced, and is renamed over the
// old file, so a reader (or a crash) sees the old file or the new one, never
// a mix. An existing file keeps its permissions.
package safefile

import (
	"fmt"
	"os"
	"path/filepath"
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
	if fi, err := os.Stat(path); err == nil {
		perm = fi.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".emend-*")
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
