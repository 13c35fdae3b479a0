package history

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

// gitRepo runs git in a repository (or a directory inside one: git then
// reads only the files under it, and paths stay relative to the top).
type gitRepo struct {
	dir string
	git string // path of the git binary
}

// openRepo checks that git is installed and that dir is in a repository.
func openRepo(dir string) (*gitRepo, error) {
	bin, err := exec.LookPath("git")
	if err != nil {
		return nil, fmt.Errorf("read history of %s: git is not installed (or not in PATH): %w", dir, err)
	}
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("read history: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("read history of %s: not a directory", dir)
	}
	g := &gitRepo{dir: dir, git: bin}
	if _, err := g.output("rev-parse", "--git-dir"); err != nil {
		return nil, fmt.Errorf("read history of %s: not a git repository: %w", dir, err)
	}
	return g, nil
}

// gitEnv is the environment git runs in: the caller's, without variables
// that would point git at another repository, and without prompts.
var gitEnv = sync.OnceValue(func() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
			"GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_NAMESPACE",
			"GIT_EXTERNAL_DIFF", "GIT_DIFF_OPTS":
			continue
		}
		env = append(env, kv)
	}
	return append(env, "GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0")
})

// command makes a git command in the repository. Settings that would change
// the output this package parses are fixed on the command line.
func (g *gitRepo) command(ctx context.Context, args ...string) *exec.Cmd {
	all := append([]string{"-C", g.dir, "-c", "core.quotePath=false", "-c", "log.showSignature=false",
		"-c", "diff.noprefix=false", "-c", "diff.mnemonicPrefix=false", "-c", "diff.relative=false"}, args...)
	cmd := exec.CommandContext(ctx, g.git, all...)
	cmd.Env = gitEnv()
	return cmd
}

// output runs git and returns its standard output; the error carries its
// standard error.
func (g *gitRepo) output(args ...string) ([]byte, error) {
	cmd := g.command(context.Background(), args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, gitError(args, err, stderr.String())
	}
	return out, nil
}

func gitError(args []string, err error, stderr string) error {
	name := "git"
	if len(args) > 0 {
		name += " " + args[0]
	}
	if msg := strings.TrimSpace(stderr); msg != "" {
		return fmt.Errorf("%s: %w: %s", name, err, firstLines(msg, 3))
	}
	return fmt.Errorf("%s: %w", name, err)
}

// firstLines keeps the first n lines of s, joined with "; ".
func firstLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = append(lines[:n], "...")
	}
	return strings.Join(lines, "; ")
}

// head returns HEAD's commit hash, or "" in a repository without commits.
func (g *gitRepo) head() (string, error) {
	cmd := g.command(context.Background(), "rev-parse", "--verify", "-q", "HEAD^{commit}")
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) && ee.ExitCode() == 1 {
			return "", nil // no commits yet
		}
		return "", fmt.Errorf("read HEAD of %s: %w", g.dir, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// pathspecs returns the pathspecs for an include function and the function
// to apply to each path: for nil, the transcript extensions.
func pathspecs(include func(string) bool) ([]string, func(string) bool) {
	if include != nil {
		return []string{"."}, include
	}
	specs := make([]string, len(Extensions))
	for i, e := range Extensions {
		specs[i] = ":(glob,icase)**/*" + e
	}
	return specs, IsTranscript
}

// Git calls fn for each file change made by the repository's commits, oldest
// first (git log --reverse order), with the changes of one commit in path
// order. It stops and returns fn's error if fn returns one.
//
// What is read:
//   - Commits reachable from HEAD, with the history simplification git log
//     applies to paths: a side branch whose every change to the included
//     files a merge discarded is not read.
//   - Modified files, and renamed files with edits (one Change with both
//     paths; renames are detected as git log -M does). Added and deleted
//     files, binary files, mode changes and pure renames give no Change.
//   - Merge commits are skipped: their changes already appear in the commits
//     they merge. A change made only in a merge's conflict resolution is
//     therefore lost; such changes are rare and hard to attribute.
//   - Since and Until filter on the author date (Since inclusive, Until
//     exclusive): the date an edit was made, kept when it is rebased.
//
// A commit git cannot read (a blob missing from a shallow or partial clone)
// is reported to opt.Warn with its hash and skipped; the rest is read.
// Git is run as one git log process for the whole history (more only when a
// commit fails), whose output is streamed: one commit at a time is in memory.
func Git(repo string, opt Options, fn func(Change) error) error {
	g, err := openRepo(repo)
	if err != nil {
		return err
	}
	h, err := g.head()
	if err != nil || h == "" {
		return err
	}
	specs, include := pathspecs(opt.Include)
	list, err := g.commitList(opt.Since, opt.Until, specs)
	if err != nil {
		return err
	}
	r := &logReader{g: g, specs: specs, include: include, opt: opt, fn: fn, total: len(list)}
	r.progress(0)
	if err := r.readHalves(list); err != nil {
		return err
	}
	r.progress(len(list))
	return nil
}

// Reading a long history with two git processes at once: git's diffing is
// the longest single task of learning, and it runs on one core.
const (
	// minSplitCommits is the fewest commits read by two processes.
	minSplitCommits = 64
	// aheadChanges bounds the changes of the later half held until the
	// earlier half is delivered; beyond it, its git waits.
	aheadChanges = 8192
)

// readHalves reads list with two git processes, the earlier half's
// changes delivered as they come, the later half's held until then.
func (r *logReader) readHalves(list []string) error {
	if len(list) < minSplitCommits || runtime.GOMAXPROCS(0) < 2 {
		return r.readAll(list, 0)
	}
	half := len(list) / 2
	later := make(chan Change, aheadChanges)
	stop := make(chan struct{})
	errc := make(chan error, 1)
	var warnings []string // the later half's, told after the earlier half's
	second := *r
	second.opt.Progress = nil
	second.opt.Warn = func(msg string) { warnings = append(warnings, msg) }
	second.fn = func(c Change) error {
		select {
		case later <- c:
			return nil
		case <-stop:
			return errStopped
		}
	}
	go func() {
		err := second.readAll(list[half:], half)
		errc <- err
		close(later)
	}()
	quit := func(err error) error {
		close(stop)
		for range later {
		}
		<-errc
		return err
	}
	// A warning both halves give ("rename detection was skipped") is
	// told once.
	told := map[string]bool{}
	warn := r.opt.Warn
	r.opt.Warn = func(msg string) {
		if !told[msg] && warn != nil {
			told[msg] = true
			warn(msg)
		}
	}
	defer func() { r.opt.Warn = warn }()
	if err := r.readAll(list[:half], 0); err != nil {
		return quit(err)
	}
	done, last := half, (*Commit)(nil)
	for c := range later {
		if c.Commit != last {
			last = c.Commit
			r.progress(done)
			done++
		}
		if err := r.fn(c); err != nil {
			return quit(err)
		}
	}
	err := <-errc
	for _, w := range warnings {
		r.warn(w)
	}
	return err
}

// errStopped stops the later half's reading when the earlier half failed.
var errStopped = errors.New("stopped")

// readAll reads the commits of list (list[0] being commit number base),
// with one git log, more only when a commit fails: that commit is then
// read alone, and skipped with a warning if it fails again.
func (r *logReader) readAll(list []string, base int) error {
	repo := r.g.dir
	done := 0
	for done < len(list) {
		n, failed, stderr, err := r.run(list[done:], base+done)
		if err != nil {
			return err
		}
		done += n
		if !failed {
			break
		}
		// git failed on list[done] or just after it: read that commit
		// alone; if it fails again, it is the culprit.
		_, failed, stderr1, err := r.run(list[done:done+1], base+done)
		if err != nil {
			return err
		}
		if failed {
			if stderr1 != "" {
				stderr = stderr1
			}
			r.warn(fmt.Sprintf("%s: commit %s skipped: git could not read it: %s", repo, list[done], firstLines(stderr, 2)))
		}
		done++
		r.progress(base + done)
	}
	return nil
}

// commitList lists the non-merge commits touching the pathspecs whose
// author date is in [since, until), oldest first.
func (g *gitRepo) commitList(since, until time.Time, specs []string) ([]string, error) {
	args := append([]string{"log", "--no-merges", "--reverse", "--format=%H %at", "--"}, specs...)
	out, err := g.output(args...)
	if err != nil {
		return nil, fmt.Errorf("list commits of %s: %w", g.dir, err)
	}
	var list []string
	for _, l := range strings.Split(string(out), "\n") {
		hash, at, ok := strings.Cut(l, " ")
		if !ok {
			continue
		}
		sec, err := strconv.ParseInt(at, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("list commits of %s: bad date in %q", g.dir, l)
		}
		t := time.Unix(sec, 0)
		if (!since.IsZero() && t.Before(since)) || (!until.IsZero() && !t.Before(until)) {
			continue
		}
		list = append(list, hash)
	}
	return list, nil
}

// logReader runs git log -p on lists of commits.
type logReader struct {
	g       *gitRepo
	specs   []string
	include func(string) bool
	opt     Options
	fn      func(Change) error
	total   int
	last    int // last progress reported
}

func (r *logReader) progress(done int) {
	if r.opt.Progress != nil && (done != r.last || done == 0 || done == r.total) {
		r.last = done
		r.opt.Progress(done, r.total)
	}
}

func (r *logReader) warn(msg string) {
	if r.opt.Warn != nil {
		r.opt.Warn(msg)
	}
}

// The line git log writes before each commit's diff: a NUL, which no diff
// line starts with, then fields separated by NULs.
const commitFormat = "--format=%x00%H%x00%P%x00%an%x00%aI%x00%s"

// run reads the commits of list (list[0] being commit number base of the
// whole run) with one git log. It returns how many commits were read
// completely and delivered; failed reports that git failed after that,
// with its standard error. err is set when fn fails or the output cannot
// be parsed; the run must then stop.
func (r *logReader) run(list []string, base int) (n int, failed bool, stderr string, err error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	args := append([]string{"log", "--stdin", "--no-walk=unsorted", "-p", "-M", renameLimit, "--diff-filter=MR",
		"--no-color", "--no-ext-diff", "--no-textconv", "--encoding=UTF-8", "-U0",
		"--src-prefix=a/", "--dst-prefix=b/", commitFormat, "--"}, r.specs...)
	cmd := r.g.command(ctx, args...)
	var errBuf bytes.Buffer
	cmd.Stderr = &limitedWriter{w: &errBuf, n: 64 << 10}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return 0, false, "", fmt.Errorf("read history of %s: %w", r.g.dir, err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return 0, false, "", fmt.Errorf("read history of %s: %w", r.g.dir, err)
	}
	if err := cmd.Start(); err != nil {
		return 0, false, "", fmt.Errorf("read history of %s: %w", r.g.dir, err)
	}
	go func() {
		w := &bytes.Buffer{}
		for _, h := range list {
			w.WriteString(h)
			w.WriteByte('\n')
		}
		_, _ = w.WriteTo(stdin)
		stdin.Close()
	}()

	// Changes of the commit being read, delivered when the next commit
	// starts or git ends well.
	var pending []Change
	idx := -1 // index in list of the commit being read
	p := &diffParser{name: "git log " + r.g.dir, emit: func(c Change) error {
		if r.include(c.NewPath) {
			pending = append(pending, c)
		}
		return nil
	}}
	deliver := func() error {
		for _, c := range pending {
			if err := r.fn(c); err != nil {
				return err
			}
		}
		pending = pending[:0]
		return nil
	}
	var parseErr error
	lr := newLineReader(stdout)
	for {
		l, rerr := lr.next()
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			parseErr = fmt.Errorf("read git log output in %s: %w", r.g.dir, rerr)
			break
		}
		if strings.HasPrefix(l, "\x00") {
			if err := p.flush(); err != nil {
				parseErr = err
				break
			}
			if idx >= 0 {
				if err := deliver(); err != nil {
					cancel()
					_ = cmd.Wait()
					return 0, false, "", err
				}
			}
			c, err := parseCommitLine(l)
			if err != nil {
				parseErr = fmt.Errorf("read git log output in %s: %w", r.g.dir, err)
				break
			}
			next := idx + 1
			for next < len(list) && list[next] != c.Hash {
				next++
			}
			if next == len(list) {
				parseErr = fmt.Errorf("read git log output in %s: unexpected commit %s", r.g.dir, c.Hash)
				break
			}
			idx = next
			r.progress(base + idx)
			p.commit = c
			continue
		}
		if idx < 0 {
			continue
		}
		if err := p.line(l); err != nil {
			parseErr = fmt.Errorf("commit %s: %w", p.commit.Hash, err)
			break
		}
	}
	if parseErr != nil {
		// Let git finish, to tell a parse error from git dying mid-output.
		_, _ = io.Copy(io.Discard, stdout)
	} else if err := p.flush(); err != nil {
		parseErr = fmt.Errorf("commit %s: %w", p.commit.Hash, err)
	}
	werr := cmd.Wait()
	if werr != nil {
		// The commit being read may be incomplete: drop it.
		if idx < 0 {
			idx = 0
		}
		return idx, true, errBuf.String(), nil
	}
	if parseErr != nil {
		return 0, false, "", parseErr
	}
	r.gitWarnings(errBuf.String())
	if idx >= 0 {
		if err := deliver(); err != nil {
			return 0, false, "", err
		}
	}
	return len(list), false, "", nil
}

// renameLimit bounds git's search for renamed files with edits: in a commit
// adding A files and deleting D, it is made only when A×D <= 100×100.
// Finding nothing in a commit of 412 added and 288 deleted transcripts took
// half of the CPU time of reading the talk-python history; renames with
// edits in a mass reorganisation are not corrections anyway. Renames
// without edits are still found, and the skip is reported to Warn.
const renameLimit = "-l100"

// gitWarnings passes what git log wrote to its standard error to Warn.
func (r *logReader) gitWarnings(stderr string) {
	var other []string
	renames := false
	for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
		switch {
		case l == "":
		case strings.Contains(l, "rename detection was skipped"):
			renames = true
		case strings.Contains(l, "diff.renameLimit"):
		default:
			other = append(other, l)
		}
	}
	if renames {
		r.warn(fmt.Sprintf("%s: some commits add and delete too many files to look for renamed files among them; files renamed and edited in those commits are skipped", r.g.dir))
	}
	if len(other) > 0 {
		r.warn(fmt.Sprintf("%s: git log: %s", r.g.dir, firstLines(strings.Join(other, "\n"), 3)))
	}
}

// parseCommitLine reads the line written by commitFormat.
func parseCommitLine(l string) (*Commit, error) {
	f := strings.SplitN(l, "\x00", 6)
	if len(f) != 6 || len(f[1]) < 40 {
		return nil, fmt.Errorf("bad commit line %q", clip(l))
	}
	date, err := time.Parse(time.RFC3339, f[4])
	if err != nil {
		return nil, fmt.Errorf("commit %s: bad author date %q", f[1], f[4])
	}
	return &Commit{Hash: f[1], Parents: strings.Fields(f[2]), Author: f[3], Date: date, Subject: f[5]}, nil
}

// limitedWriter keeps the first n bytes written to it.
type limitedWriter struct {
	w io.Writer
	n int
}

func (l *limitedWriter) Write(p []byte) (int, error) {
	if l.n > 0 {
		k := min(len(p), l.n)
		_, _ = l.w.Write(p[:k])
		l.n -= k
	}
	return len(p), nil
}
