package fix

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// ErrNotWritable marks a file fix leaves alone because writing it would
// break one of the filesystem's rules: it is read-only, or has several
// names, or belongs to another user.
var ErrNotWritable = errors.New("left alone")

// accessWrite is access(2)'s W_OK; accessSearch its X_OK.
const (
	accessWrite  = 0x2
	accessSearch = 0x1
)

// writable says why path may not be replaced, or nil. A symbolic link is
// judged by the file it names, which is what is written. A file with
// several hard links is refused: replacing it would leave its other names
// with the old text. A file owned by another user is refused unless
// emend runs as root (which keeps the owner): replacing it would make it
// the user's.
func writable(path string) error {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return err
	}
	fi, err := os.Stat(real)
	if err != nil {
		return err
	}
	if fi.Mode().Perm()&0o222 == 0 {
		return fmt.Errorf("%w: it is read-only (mode %v)", ErrNotWritable, fi.Mode().Perm())
	}
	if err := syscall.Access(real, accessWrite); err != nil {
		return fmt.Errorf("%w: you may not write it (mode %v)", ErrNotWritable, fi.Mode().Perm())
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		if st.Nlink > 1 {
			return fmt.Errorf("%w: it has %d hard links, and the other names would keep the old text", ErrNotWritable, st.Nlink)
		}
		if euid := os.Geteuid(); euid != 0 && int(st.Uid) != euid {
			return fmt.Errorf("%w: it belongs to user %d, and rewriting it would make it yours", ErrNotWritable, st.Uid)
		}
	}
	if dir := filepath.Dir(real); syscall.Access(dir, accessWrite|accessSearch) != nil {
		return fmt.Errorf("%w: you may not write its directory %s", ErrNotWritable, dir)
	}
	return nil
}
