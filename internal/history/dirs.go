package history

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Dirs compares two directory trees and calls fn, in path order, for each
// included file present in both (same relative path) whose lines differ;
// the Hunks come from a line diff (Myers). A file on one side only is
// skipped, as are hidden files and directories (names starting with "."),
// symbolic links and other non-regular files. include, given the
// slash-separated relative path, picks the files; nil means IsTranscript.
// Dirs stops and returns fn's error if fn returns one.
func Dirs(before, after string, include func(string) bool, fn func(Change) error) error {
	if include == nil {
		include = IsTranscript
	}
	for _, d := range []string{before, after} {
		st, err := os.Stat(d)
		if err != nil {
			return fmt.Errorf("compare directories: %w", err)
		}
		if !st.IsDir() {
			return fmt.Errorf("compare directories: %s is not a directory", d)
		}
	}
	return filepath.WalkDir(before, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("compare directories: %w", err)
		}
		if p != before && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(before, p)
		if err != nil {
			return fmt.Errorf("compare directories: %w", err)
		}
		rel = filepath.ToSlash(rel)
		if !include(rel) {
			return nil
		}
		q := filepath.Join(after, filepath.FromSlash(rel))
		st, err := os.Lstat(q)
		if errors.Is(err, fs.ErrNotExist) || (err == nil && !st.Mode().IsRegular()) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("compare directories: %w", err)
		}
		a, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("compare directories: %w", err)
		}
		b, err := os.ReadFile(q)
		if err != nil {
			return fmt.Errorf("compare directories: %w", err)
		}
		if bytes.Equal(a, b) {
			return nil
		}
		hunks := diffLines(splitLines(a), splitLines(b), 1, 1)
		if len(hunks) == 0 {
			return nil // only line endings differ
		}
		return fn(Change{OldPath: rel, NewPath: rel, Hunks: hunks})
	})
}
