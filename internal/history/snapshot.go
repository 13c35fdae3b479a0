package history

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// MissingError reports files whose content the repository lacks (a shallow
// or partial clone, or a bundle without some blobs). Snapshot and Added
// return it together with the content of the other files.
type MissingError struct {
	Repo  string
	Paths []string // sorted as git listed them
}

func (e *MissingError) Error() string {
	s := strings.Join(e.Paths, ", ")
	if len(e.Paths) > 5 {
		s = strings.Join(e.Paths[:5], ", ") + fmt.Sprintf(" and %d more", len(e.Paths)-5)
	}
	return fmt.Sprintf("%s: repository lacks the content of %s", e.Repo, s)
}

// Snapshot returns the content of every included file as it stood at the
// given time, keyed by slash-separated path: the files of the commit
// reachable from HEAD with the latest commit date at or before at (the
// date a commit reached the branch, unlike Git's author dates). A zero
// at means HEAD. Before the first commit, the map is empty. include nil
// means IsTranscript. Symbolic links and submodules are left out.
//
// When the repository lacks some files' content, Snapshot returns the other
// files with a *MissingError.
func Snapshot(repo string, at time.Time, include func(string) bool) (map[string][]byte, error) {
	if include == nil {
		include = IsTranscript
	}
	g, err := openRepo(repo)
	if err != nil {
		return nil, err
	}
	h, err := g.head()
	if err != nil || h == "" {
		return map[string][]byte{}, err
	}
	commit, err := g.commitAt(h, at)
	if err != nil || commit == "" {
		return map[string][]byte{}, err
	}
	paths, blobs, err := g.tree(commit, include)
	if err != nil {
		return nil, err
	}
	return g.contents(paths, blobs)
}

// Added returns, for each included file absent at since (as Snapshot sees
// it) and added by a commit whose commit date is after since and at or
// before until, its content as the first such commit added it, keyed by
// path. These
// are transcripts whose first version had no correction yet. A file renamed
// (git log -M) is not added, except in a commit adding and deleting too many
// files for rename detection (see renameLimit); files added only by a merge
// are not seen.
// A zero since means the beginning, a zero until no end; include nil means
// IsTranscript.
//
// When the repository lacks some files' content, Added returns the other
// files with a *MissingError.
func Added(repo string, since, until time.Time, include func(string) bool) (map[string][]byte, error) {
	g, err := openRepo(repo)
	if err != nil {
		return nil, err
	}
	h, err := g.head()
	if err != nil || h == "" {
		return map[string][]byte{}, err
	}
	specs, inc := pathspecs(include)
	existing := map[string]bool{}
	if !since.IsZero() {
		commit, err := g.commitAt(h, since)
		if err != nil {
			return nil, err
		}
		if commit != "" {
			paths, _, err := g.tree(commit, inc)
			if err != nil {
				return nil, err
			}
			for _, p := range paths {
				existing[p] = true
			}
		}
	}

	args := append([]string{"log", "--no-merges", "--reverse", "-M", renameLimit, "--diff-filter=A", "--raw", "--no-abbrev",
		"--format=%x00%ct", "--"}, specs...)
	out, err := g.output(args...)
	if err != nil {
		return nil, fmt.Errorf("list added files of %s: %w", repo, err)
	}
	var paths, blobs []string
	seen := map[string]bool{}
	inWindow := false
	for _, l := range strings.Split(string(out), "\n") {
		if rest, ok := strings.CutPrefix(l, "\x00"); ok {
			sec, err := strconv.ParseInt(rest, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("list added files of %s: bad date %q", repo, rest)
			}
			ct := time.Unix(sec, 0)
			inWindow = (since.IsZero() || ct.After(since)) && (until.IsZero() || !ct.After(until))
			continue
		}
		if !inWindow || !strings.HasPrefix(l, ":") {
			continue
		}
		// ":000000 100644 0000... <blob> A\tpath"
		meta, p, ok := strings.Cut(l, "\t")
		f := strings.Fields(meta)
		if !ok || len(f) < 5 || f[4] != "A" || f[1] != "100644" && f[1] != "100755" {
			continue
		}
		if strings.HasPrefix(p, `"`) {
			if p, _, err = unquoteC(p); err != nil {
				return nil, fmt.Errorf("list added files of %s: %w", repo, err)
			}
		}
		if seen[p] || existing[p] || !inc(p) {
			continue
		}
		seen[p] = true
		paths = append(paths, p)
		blobs = append(blobs, f[3])
	}
	return g.contents(paths, blobs)
}

// commitAt returns the commit reachable from head (HEAD's hash, which the
// callers have already read) with the latest commit date at or before at
// (head for a zero at), or "" if none. Not the last one on HEAD's
// first-parent history: a repository whose work happens on a
// branch merged now and then (Talk Python merged its master branch into
// main in March 2023, then not until 2024) would otherwise look, at the
// end of 2023, as it stood nine months before.
func (g *gitRepo) commitAt(head string, at time.Time) (string, error) {
	if at.IsZero() {
		return head, nil
	}
	out, err := g.output("log", "--format=%H %ct", head)
	if err != nil {
		return "", fmt.Errorf("find commit of %s at %s: %w", g.dir, at.Format(time.RFC3339), err)
	}
	found, best := "", int64(0)
	for _, line := range strings.Split(string(out), "\n") {
		hash, ct, _ := strings.Cut(line, " ")
		sec, err := strconv.ParseInt(ct, 10, 64)
		if err != nil || time.Unix(sec, 0).After(at) {
			continue
		}
		if found == "" || sec > best {
			found, best = hash, sec
		}
	}
	return found, nil
}

// tree lists the included regular files of a commit with their blobs.
func (g *gitRepo) tree(commit string, include func(string) bool) (paths, blobs []string, err error) {
	out, err := g.output("ls-tree", "-r", "-z", "--full-name", commit)
	if err != nil {
		return nil, nil, fmt.Errorf("list files of %s at %s: %w", g.dir, commit, err)
	}
	for _, e := range bytes.Split(out, []byte{0}) {
		// "<mode> SP <type> SP <object> TAB <path>"
		meta, p, ok := bytes.Cut(e, []byte{'\t'})
		if !ok {
			continue
		}
		f := strings.Fields(string(meta))
		if len(f) != 3 || f[1] != "blob" || f[0] == "120000" {
			continue
		}
		if path := string(p); include(path) {
			paths = append(paths, path)
			blobs = append(blobs, f[2])
		}
	}
	return paths, blobs, nil
}

// contents reads the blobs with one git cat-file --batch, keyed by path.
func (g *gitRepo) contents(paths, blobs []string) (map[string][]byte, error) {
	files := make(map[string][]byte, len(paths))
	if len(blobs) == 0 {
		return files, nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cmd := g.command(ctx, "cat-file", "--batch")
	var stderr bytes.Buffer
	cmd.Stderr = &limitedWriter{w: &stderr, n: 64 << 10}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("read files of %s: %w", g.dir, err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("read files of %s: %w", g.dir, err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("read files of %s: %w", g.dir, err)
	}
	go func() {
		w := bufio.NewWriter(stdin)
		for _, b := range blobs {
			w.WriteString(b)
			w.WriteByte('\n')
		}
		_ = w.Flush()
		stdin.Close()
	}()
	fail := func(err error) (map[string][]byte, error) {
		cancel()
		_ = cmd.Wait()
		return nil, fmt.Errorf("read files of %s: %w", g.dir, err)
	}
	var missing []string
	br := bufio.NewReaderSize(stdout, 64<<10)
	for i, b := range blobs {
		hdr, err := br.ReadString('\n')
		if err != nil {
			return fail(gitError([]string{"cat-file"}, err, stderr.String()))
		}
		// "<oid> <type> <size>" or "<oid> missing"
		f := strings.Fields(hdr)
		if len(f) == 2 && f[1] == "missing" {
			missing = append(missing, paths[i])
			continue
		}
		if len(f) != 3 || f[0] != b {
			return fail(fmt.Errorf("unexpected cat-file output %q for %s", clip(hdr), paths[i]))
		}
		size, err := strconv.Atoi(f[2])
		if err != nil || size < 0 {
			return fail(fmt.Errorf("unexpected cat-file output %q for %s", clip(hdr), paths[i]))
		}
		data := make([]byte, size+1)
		if _, err := io.ReadFull(br, data); err != nil {
			return fail(fmt.Errorf("read %s: %w", paths[i], err))
		}
		if f[1] == "blob" {
			files[paths[i]] = data[:size:size]
		}
	}
	if err := cmd.Wait(); err != nil {
		return nil, fmt.Errorf("read files of %s: %w", g.dir, gitError([]string{"cat-file"}, err, stderr.String()))
	}
	if len(missing) > 0 {
		return files, &MissingError{Repo: g.dir, Paths: missing}
	}
	return files, nil
}
