package review

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/emend-project/emend/internal/store"
	"github.com/emend-project/emend/internal/suggest"
)

// gitTimeout bounds each git command of a commit.
const gitTimeout = 30 * time.Second

// AuthorEmail is the address a reviewer's commits carry: accounts have
// no address, and .invalid is reserved never to resolve.
func AuthorEmail(user string) string { return user + "@users.emend.invalid" }

// commit commits the files an applied decision wrote (transcripts, the
// rules or spellings file, the rejected list) in the git repository that
// holds the library, with the decision's editor as author and the
// decision in the message; p nil for an accepting decision is one an
// earlier, killed attempt wrote. A library in no repository is left
// alone.
func (l *Library) commit(ctx context.Context, sd store.Decision, p *Plan) error {
	root, err := gitOutput(ctx, l.Root, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil // not in a repository
	}
	root = strings.TrimSpace(root)
	var paths []string
	add := func(f string) {
		if f == "" {
			return
		}
		abs, err := filepath.Abs(f)
		if err != nil {
			return
		}
		if _, err := os.Stat(abs); err != nil {
			return
		}
		rel, err := filepath.Rel(root, evalLinks(abs))
		if err != nil || strings.HasPrefix(rel, "..") {
			return
		}
		paths = append(paths, rel)
	}
	if p != nil {
		for _, c := range p.Changes {
			add(c.Path)
		}
	}
	if p == nil && sd.Scope != Reject {
		// Written by an earlier attempt whose server was killed before
		// committing: the library's changed files are that write (one
		// server writes at a time).
		args := []string{"ls-files", "-m", "-z", "--"}
		for _, lp := range l.Paths {
			if abs, err := filepath.Abs(lp); err == nil {
				args = append(args, evalLinks(abs))
			}
		}
		if out, err := gitOutput(ctx, root, args...); err == nil {
			for _, f := range strings.Split(out, "\x00") {
				if f != "" {
					add(filepath.Join(root, f))
				}
			}
		}
	}
	add(l.RulesFile)
	add(l.SpellingsFile)
	add(filepath.Join(l.Root, suggest.RejectedFile))
	// Files git is told to ignore (.emend/rejected under an ignored
	// .emend) are left out.
	kept := paths[:0]
	for _, p := range paths {
		if _, err := gitOutput(ctx, root, "check-ignore", "-q", "--", p); err != nil {
			kept = append(kept, p)
		}
	}
	paths = kept
	if len(paths) == 0 {
		return nil
	}
	if _, err := gitOutput(ctx, root, append([]string{"add", "--"}, paths...)...); err != nil {
		return err
	}
	// Nothing staged (written by an earlier attempt, committed then):
	// no empty commit.
	if _, err := gitOutput(ctx, root, append([]string{"diff", "--cached", "--quiet", "--"}, paths...)...); err == nil {
		return nil
	}
	_, err = gitOutput(ctx, root, append([]string{"commit", "-q", "--no-verify",
		"--author", fmt.Sprintf("%s <%s>", sd.User, AuthorEmail(sd.User)), "-m", commitSubject(sd), "-m", commitBody(sd, p), "--"}, paths...)...)
	return err
}

// evalLinks resolves symbolic links (git names files by the real path),
// or returns the path as it is.
func evalLinks(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return p
}

func commitSubject(sd store.Decision) string {
	where := map[string]string{Everywhere: "everywhere", InEpisode: "in " + sd.Episode, Here: "at " + sd.Place, Reject: ""}[sd.Scope]
	if sd.Scope == Reject {
		return fmt.Sprintf("Review: reject %s => %s", sd.Wrong, sd.Right)
	}
	return fmt.Sprintf("Review: %s => %s %s", sd.Wrong, sd.Right, where)
}

func commitBody(sd store.Decision, p *Plan) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Decided by %s at %s UTC in emend's review (decision %d, %s, %s).\n", sd.User, sd.At.UTC().Format("2006-01-02 15:04:05"), sd.ID, sd.Kind, sd.Scope)
	if p != nil {
		if lines := p.RuleLines(); len(lines) > 0 {
			b.WriteString("\nAdded:\n")
			for _, l := range lines {
				fmt.Fprintf(&b, "  %s\n", l)
			}
		}
		fmt.Fprintf(&b, "\n%s.\n", p.Summary())
	}
	fmt.Fprintf(&b, "\nEmend-Decision: %d\n", sd.ID)
	return b.String()
}

// gitOutput runs git in dir; the committer is emend serve unless git is
// told one.
func gitOutput(ctx context.Context, dir string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, gitTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	cmd.Env = os.Environ()
	if os.Getenv("GIT_COMMITTER_NAME") == "" {
		if out, err := exec.Command("git", "-C", dir, "config", "user.name").Output(); err != nil || len(bytes.TrimSpace(out)) == 0 {
			cmd.Env = append(cmd.Env, "GIT_COMMITTER_NAME=emend serve", "GIT_COMMITTER_EMAIL=emend@localhost")
		}
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return out.String(), fmt.Errorf("git %s: %v: %s", args[0], err, strings.TrimSpace(errb.String()))
	}
	return out.String(), nil
}
