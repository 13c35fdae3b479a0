// Package history reads how people edited transcripts: the commits of a git
// repository, a patch or mbox file, or a pair of directory trees, each turned
// into the same simple form, a Change per edited file holding the Hunks
// (regions of replaced lines) of the edit. It also reads a repository's
// transcripts as they stood at a date (Snapshot) and the first versions of
// the files added in a period (Added), for evaluating what was learned.
//
// Repositories are read with the git command line, which must be installed;
// its output is streamed, so a long history is never held in memory at once.
//
// Conventions shared by every reader:
//   - Paths are slash-separated and relative to the repository's top (or to
//     the directories given to Dirs).
//   - Lines are given without their "\n"; a trailing "\r" is stripped too, so
//     CRLF files read like LF files. An edit that only changed line endings,
//     or only added or removed a final newline, is therefore no change at all
//     and is not reported.
//   - A file's addition or deletion is not a correction and is not reported;
//     nor are binary files, mode changes, and renames without edits.
package history

import (
	"path"
	"strings"
	"time"
)

// Change is what one commit (or patch, or directory pair) did to one file:
// the regions of lines it replaced.
type Change struct {
	Commit  *Commit // nil for a directory pair or a patch without commit headers
	OldPath string  // the file's path before the change; slash-separated, relative to the repository
	NewPath string  // the file's path after it: equal to OldPath unless renamed
	Hunks   []Hunk  // in file order, never empty
}

// Hunk is a run of old lines replaced by a run of new lines (either may be
// empty, not both; they are never equal). OldStart and NewStart are the
// 1-based numbers of the first line of Old in the old file and of New in the
// new file; when a side is empty, its start is the number of the line the
// other side goes before (the line after the insertion or deletion point),
// so that always old[OldStart-1:OldStart-1+len(Old)] == Old, and likewise
// for New. Hunks are as small as a line diff makes them: lines common to
// both sides are not part of a hunk.
type Hunk struct {
	OldStart, NewStart int
	Old, New           []string // lines without their "\n" or "\r\n"
}

// Commit describes the commit a Change comes from.
type Commit struct {
	Hash    string    // full hash; for a patch, the hash in its mbox "From " line, if any
	Parents []string  // full hashes of its parents (empty in patches)
	Author  string    // author's name
	Date    time.Time // author date, in the author's time zone
	Subject string    // first line of the message ("[PATCH n/m]" removed in patches)
}

// Options selects what Git reads and how it reports.
type Options struct {
	// Since and Until bound the commits read by their author date: a commit
	// counts when Since <= date < Until. A zero time is no bound.
	Since, Until time.Time
	// Include reports whether a file (by its slash-separated path relative
	// to the repository's top) counts; for a rename, the new path is asked.
	// Nil means IsTranscript, which Git turns into pathspecs so that git
	// never diffs other files; any other function is applied to each file
	// git reports, after git has made its diff.
	Include func(path string) bool
	// Progress, if not nil, is called as commits are read with the number
	// read so far and the number to read.
	Progress func(done, total int)
	// Warn, if not nil, receives non-fatal problems: a commit that could
	// not be read (missing objects) and is skipped, or a warning from git.
	Warn func(msg string)
}

// Extensions are the file name endings (compared without regard to case)
// of the files IsTranscript accepts. JSON and HTML transcripts are left out
// on purpose: repositories hold many other JSON and HTML files.
var Extensions = []string{".txt", ".vtt", ".srt"}

// IsTranscript reports whether a path names a transcript by its extension
// (see Extensions). It is the default for every include function here.
func IsTranscript(p string) bool {
	ext := strings.ToLower(path.Ext(p))
	for _, e := range Extensions {
		if ext == e {
			return true
		}
	}
	return false
}

// splitLines splits file content into lines without their "\n", stripping
// one "\r" before it. A final line without "\n" is a line; an empty content
// has no lines.
func splitLines(b []byte) []string {
	if len(b) == 0 {
		return nil
	}
	s := string(b)
	n := strings.Count(s, "\n")
	if !strings.HasSuffix(s, "\n") {
		n++
	}
	lines := make([]string, 0, n)
	for len(s) > 0 {
		i := strings.IndexByte(s, '\n')
		var l string
		if i < 0 {
			l, s = s, ""
		} else {
			l, s = s[:i], s[i+1:]
		}
		lines = append(lines, strings.TrimSuffix(l, "\r"))
	}
	return lines
}
